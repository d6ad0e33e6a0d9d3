//! Facts: pure interpretation of what a [`Source`] answers, one folder per fact group
//! (`device`, `os`, `network`, `screen`), one file per platform inside it, and the rules shared
//! across platforms beside them (DMI rules, the brand table, the Apple model table, host pushes,
//! display rotation). `read/` holds the per-platform readers several groups share (Android
//! properties, Apple sysctls, Windows registry values).
//!
//! A group reads only the fields it is asked for, only through the source, and turns every
//! failure into an omission with a reason. No `#[cfg]` here: every group compiles on every
//! target and is tested on Linux against snapshots of every platform. A platform file never
//! imports another platform's file.

use std::cell::OnceCell;
use std::collections::BTreeMap;

use crate::field::{Field, FieldSet};
use crate::host::HostFacts;
use crate::report::{Device, IpPrecision, Network, OmitReason, Orientation, Os, Platform, Screen};
use crate::source::{Source, SourceError};

pub(crate) mod device;
pub(crate) mod network;
pub(crate) mod os;
mod read;
pub(crate) mod screen;
#[cfg(test)]
mod tests;

/// What a probe is asked to do.
pub(crate) struct Context<'a> {
    /// Where to read.
    pub source: &'a dyn Source,
    /// The fields to read; no other field may cause a query.
    pub wanted: FieldSet,
    /// What the host pushed (the collector's values over the source's).
    pub host: HostFacts,
    /// How much of the IP address to keep; minimized before it leaves the probe layer.
    pub ip_precision: IpPrecision,
    /// The last orientation an accelerometer gave, for the dead zone that keeps it.
    pub previous_orientation: Option<Orientation>,
}

impl Context<'_> {
    /// Whether any of `fields` is wanted.
    pub fn wants_any(&self, fields: &[Field]) -> bool {
        self.wanted.contains_any(fields)
    }
}

/// What a probe found: values, and a reason for each wanted field it could not fill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    pub device: Device,
    pub os: Os,
    pub network: Network,
    pub screen: Screen,
    pub omitted: BTreeMap<Field, OmitReason>,
}

impl Facts {
    /// Records why `field` is missing (the first reason given wins).
    pub fn omit(&mut self, field: Field, reason: OmitReason) {
        self.omitted.entry(field).or_insert(reason);
    }

    /// Records the same reason for several fields.
    pub fn omit_all(&mut self, fields: &[Field], reason: OmitReason) {
        for f in fields {
            self.omit(*f, reason);
        }
    }

    /// Records a source error as the reason for several fields.
    pub fn omit_err(&mut self, fields: &[Field], err: &SourceError) {
        self.omit_all(fields, err.omit_reason());
    }
}

/// The fact groups, in the order a platform reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Os,
    Device,
    Network,
    Screen,
}

/// The order in which `platform`'s groups are read: where two groups share reads (Android
/// properties, the Apple model identifier), the device group reads first.
fn order(platform: Platform) -> [Group; 4] {
    match platform {
        Platform::Android | Platform::MacOs | Platform::Ios => {
            [Group::Device, Group::Os, Group::Network, Group::Screen]
        }
        _ => [Group::Os, Group::Device, Group::Network, Group::Screen],
    }
}

/// Reads shared by several groups within one run, each made at most once.
pub(crate) struct Shared<'a> {
    /// Android system properties.
    pub props: read::android::Props<'a>,
    apple_id: OnceCell<Result<read::apple::Identifier, SourceError>>,
}

impl<'a> Shared<'a> {
    fn new(source: &'a dyn Source) -> Self {
        Shared {
            props: read::android::Props::new(source),
            apple_id: OnceCell::new(),
        }
    }

    /// The Apple model identifier (`hw.model` on macOS, `hw.machine` or the simulated one on
    /// iOS), read on first use.
    pub fn apple_id(
        &self,
        source: &dyn Source,
        ios: bool,
    ) -> &Result<read::apple::Identifier, SourceError> {
        self.apple_id
            .get_or_init(|| read::apple::identifier(source, ios))
    }
}

/// Runs the groups that have wanted fields, each by the rules of the source's platform.
pub(crate) fn run(ctx: &Context<'_>) -> Facts {
    let platform = ctx.source.platform();
    let mut facts = Facts::default();
    if platform == Platform::Other {
        for f in ctx.wanted.iter() {
            facts.omit(f, OmitReason::Unsupported);
        }
    } else {
        let shared = Shared::new(ctx.source);
        for group in order(platform) {
            match group {
                Group::Os if ctx.wants_any(groups::OS) => {
                    os::probe(ctx, platform, &shared, &mut facts);
                }
                Group::Device if ctx.wants_any(groups::DEVICE) => {
                    device::probe(ctx, platform, &shared, &mut facts);
                }
                Group::Network if ctx.wants_any(groups::NETWORK) => {
                    network::probe(ctx, platform, &mut facts);
                }
                Group::Screen if ctx.wants_any(groups::SCREEN) => {
                    screen::probe(ctx, platform, &mut facts);
                }
                _ => {}
            }
        }
    }
    if ctx.wanted.contains(Field::OsType) {
        facts.os.os_type = Some(platform.os_type());
    }
    facts
}

/// The fields of each group, for probes that omit a whole group at once.
pub(crate) mod groups {
    use crate::field::Field;

    /// `device.*`.
    pub const DEVICE: &[Field] = &[
        Field::DeviceBrand,
        Field::DeviceManufacturer,
        Field::DeviceModel,
        Field::DeviceModelIdentifier,
    ];
    /// `os.*` except `os.type`, which the platform alone decides.
    pub const OS: &[Field] = &[
        Field::OsId,
        Field::OsName,
        Field::OsVersion,
        Field::OsBuildId,
        Field::OsDisplayVersion,
        Field::OsSdkLevel,
        Field::OsKernelVersion,
    ];
    /// `network.*`.
    pub const NETWORK: &[Field] = &[
        Field::NetworkIp,
        Field::NetworkConnectionType,
        Field::NetworkConnectionSubtype,
        Field::NetworkVpn,
        Field::NetworkOnline,
        Field::NetworkIpv4,
        Field::NetworkIpv6,
    ];
    /// `screen.*`.
    pub const SCREEN: &[Field] = &[Field::ScreenOrientation, Field::ScreenRotationDegrees];
}

impl Facts {
    /// Whether `field` has a value.
    pub fn has(&self, field: Field) -> bool {
        let (d, o, n, s) = (&self.device, &self.os, &self.network, &self.screen);
        match field {
            Field::DeviceBrand => d.brand.is_some(),
            Field::DeviceManufacturer => d.manufacturer.is_some(),
            Field::DeviceModel => d.model.is_some(),
            Field::DeviceModelIdentifier => d.model_identifier.is_some(),
            Field::OsType => o.os_type.is_some(),
            Field::OsId => o.id.is_some(),
            Field::OsName => o.name.is_some(),
            Field::OsVersion => o.version.is_some(),
            Field::OsBuildId => o.build_id.is_some(),
            Field::OsDisplayVersion => o.display_version.is_some(),
            Field::OsSdkLevel => o.sdk_level.is_some(),
            Field::OsKernelVersion => o.kernel_version.is_some(),
            Field::NetworkIp => n.ip.is_some(),
            Field::NetworkConnectionType => n.connection_type.is_some(),
            Field::NetworkConnectionSubtype => n.connection_subtype.is_some(),
            Field::NetworkVpn => n.vpn.is_some(),
            Field::NetworkOnline => n.online.is_some(),
            Field::NetworkIpv4 => n.ipv4.is_some(),
            Field::NetworkIpv6 => n.ipv6.is_some(),
            Field::ScreenOrientation => s.orientation.is_some(),
            Field::ScreenRotationDegrees => s.rotation_degrees.is_some(),
        }
    }

    /// Removes the value of `field`, if any.
    pub fn clear(&mut self, field: Field) {
        let (d, o, n, s) = (
            &mut self.device,
            &mut self.os,
            &mut self.network,
            &mut self.screen,
        );
        match field {
            Field::DeviceBrand => d.brand = None,
            Field::DeviceManufacturer => d.manufacturer = None,
            Field::DeviceModel => d.model = None,
            Field::DeviceModelIdentifier => d.model_identifier = None,
            Field::OsType => o.os_type = None,
            Field::OsId => o.id = None,
            Field::OsName => o.name = None,
            Field::OsVersion => o.version = None,
            Field::OsBuildId => o.build_id = None,
            Field::OsDisplayVersion => o.display_version = None,
            Field::OsSdkLevel => o.sdk_level = None,
            Field::OsKernelVersion => o.kernel_version = None,
            Field::NetworkIp => n.ip = None,
            Field::NetworkConnectionType => n.connection_type = None,
            Field::NetworkConnectionSubtype => n.connection_subtype = None,
            Field::NetworkVpn => n.vpn = None,
            Field::NetworkOnline => n.online = None,
            Field::NetworkIpv4 => n.ipv4 = None,
            Field::NetworkIpv6 => n.ipv6 = None,
            Field::ScreenOrientation => s.orientation = None,
            Field::ScreenRotationDegrees => s.rotation_degrees = None,
        }
    }

    /// Sanitizes every string (see [`crate::minimize::sanitize`]).
    pub fn sanitize(&mut self) {
        let fix = |v: &mut Option<String>| {
            if !v.as_deref().is_some_and(crate::minimize::is_clean) {
                *v = v.as_deref().and_then(crate::minimize::sanitize);
            }
        };
        fix(&mut self.device.brand);
        fix(&mut self.device.manufacturer);
        fix(&mut self.device.model);
        fix(&mut self.device.model_identifier);
        fix(&mut self.os.id);
        fix(&mut self.os.name);
        fix(&mut self.os.version);
        fix(&mut self.os.build_id);
        fix(&mut self.os.display_version);
        fix(&mut self.os.kernel_version);
    }
}
