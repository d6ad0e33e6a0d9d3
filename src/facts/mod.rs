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

use crate::field::{Field, FieldSet};
use crate::host::HostFacts;
use crate::report::{Device, IpPrecision, Network, OmitReason, Orientation, Os, Platform, Screen};
use crate::source::{Source, SourceError};

pub(crate) mod device;
pub(crate) mod kept;
pub(crate) mod network;
pub(crate) mod os;
mod read;
pub(crate) mod screen;
#[cfg(test)]
mod tests;

/// How a failed query becomes an omission: decided here, in the layer that turns source
/// answers into report fields, so that sources know nothing of reports.
impl SourceError {
    /// The omission reason for a field that needed the failed query.
    pub fn omit_reason(&self) -> OmitReason {
        match self {
            SourceError::NotFound => OmitReason::NotFound,
            SourceError::PermissionDenied | SourceError::WrongKind | SourceError::Io(_) => {
                OmitReason::Unreadable
            }
            SourceError::TooLarge | SourceError::Malformed => OmitReason::Malformed,
            SourceError::Unsupported => OmitReason::Unsupported,
            SourceError::TimedOut => OmitReason::TimedOut,
        }
    }
}

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
    pub fn wants_any(&self, fields: impl Into<FieldSet>) -> bool {
        !self.wanted.intersection(fields.into()).is_empty()
    }
}

/// What a probe found: values, and a reason for each wanted field it could not fill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    pub device: Device,
    pub os: Os,
    pub network: Network,
    pub screen: Screen,
    pub omitted: Omissions,
}

/// Why each field is missing, by field: a fixed table (no allocation, `Copy`), with the few
/// map operations the probes use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Omissions([Option<OmitReason>; 64]);

impl Default for Omissions {
    fn default() -> Self {
        Omissions([None; 64])
    }
}

impl std::fmt::Debug for Omissions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Omissions {
    /// The reason `field` is missing, if one was given.
    pub fn get(&self, field: &Field) -> Option<&OmitReason> {
        self.0.get(*field as usize).and_then(Option::as_ref)
    }

    /// Whether a reason was given for `field`.
    pub fn contains_key(&self, field: &Field) -> bool {
        self.get(field).is_some()
    }

    /// Sets the reason for `field`, replacing any.
    pub fn insert(&mut self, field: Field, reason: OmitReason) {
        if let Some(slot) = self.0.get_mut(field as usize) {
            *slot = Some(reason);
        }
    }

    /// Sets the reason for `field` unless one was given.
    fn insert_first(&mut self, field: Field, reason: OmitReason) {
        if let Some(slot) = self.0.get_mut(field as usize) {
            slot.get_or_insert(reason);
        }
    }

    /// Drops the reason for `field`.
    pub fn remove(&mut self, field: &Field) {
        if let Some(slot) = self.0.get_mut(*field as usize) {
            *slot = None;
        }
    }

    /// The fields with a reason and their reasons, in field order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, OmitReason)> + '_ {
        Field::ALL.iter().filter_map(|f| Some((*f, *self.get(f)?)))
    }
}

impl Facts {
    /// Records why `field` is missing (the first reason given wins).
    pub fn omit(&mut self, field: Field, reason: OmitReason) {
        self.omitted.insert_first(field, reason);
    }

    /// Records the same reason for several fields.
    pub fn omit_all(&mut self, fields: impl Into<FieldSet>, reason: OmitReason) {
        for f in fields.into().iter() {
            self.omit(f, reason);
        }
    }

    /// Records a source error as the reason for several fields.
    pub fn omit_err(&mut self, fields: impl Into<FieldSet>, err: &SourceError) {
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

/// Runs the groups that have wanted fields, each by the rules of the source's platform (every
/// platform's rules; see [`Rules`]).
#[cfg(test)]
pub(crate) fn run(ctx: &Context<'_>) -> Facts {
    run_for::<true>(ctx)
}

/// The rules a collector applies to what its source answers.
///
/// A source the host hands to the builder (a snapshot, a recording, its own source) can be of
/// any platform: its collector applies every platform's rules ([`Rules::every_platform`]). The
/// live source is always of the platform the crate was compiled for, so a collector reading it
/// applies that platform's rules only ([`Rules::live`]): the other platforms' rules are then
/// never referenced, and an app that does not hand a source to a builder does not link them.
/// The choice is made where the source is given (the builder's generic `source`), and the
/// reports are the same either way.
#[derive(Clone, Copy)]
pub(crate) struct Rules(fn(&Context<'_>) -> Facts);

impl Rules {
    /// Every platform's rules, for any source.
    pub(crate) fn every_platform() -> Rules {
        Rules(run_for::<true>)
    }

    /// The rules of the platform this build reads live (none on a target without a live
    /// source: every field `unsupported`, as for [`Platform::Other`]).
    pub(crate) fn live() -> Rules {
        Rules(run_for::<false>)
    }

    /// Runs the groups that have wanted fields by these rules.
    pub(crate) fn run(self, ctx: &Context<'_>) -> Facts {
        (self.0)(ctx)
    }
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rules")
    }
}

/// Whether a run applies `platform`'s rules: every platform's when `ALL`, else only the live
/// platform's. A `const fn` of a constant in every `match` guard, so that the rules of the
/// platforms it excludes are dropped from that run at compile time.
const fn applies<const ALL: bool>(platform: Platform) -> bool {
    ALL || match Platform::current() {
        Some(live) => live as u8 == platform as u8,
        None => false,
    }
}

/// [`run`] by every platform's rules (`ALL`) or the live platform's only.
fn run_for<const ALL: bool>(ctx: &Context<'_>) -> Facts {
    // A platform whose rules the run does not apply is read as `Other`: nothing at all.
    let platform = match ctx.source.platform() {
        p if applies::<ALL>(p) => p,
        _ => Platform::Other,
    };
    let mut facts = Facts::default();
    if platform == Platform::Other {
        for f in ctx.wanted.iter() {
            facts.omit(f, OmitReason::Unsupported);
        }
    } else {
        let shared = Shared::new(ctx.source);
        for group in order(platform) {
            match group {
                Group::Os if ctx.wants_any(groups::OS) || reads_os_type(ctx, platform) => {
                    os::probe::<ALL>(ctx, platform, &shared, &mut facts);
                }
                Group::Device if ctx.wants_any(groups::DEVICE) => {
                    device::probe::<ALL>(ctx, platform, &shared, &mut facts);
                }
                Group::Network if ctx.wants_any(groups::NETWORK) => {
                    network::probe::<ALL>(ctx, platform, &mut facts);
                }
                Group::Screen if ctx.wants_any(groups::SCREEN) => {
                    screen::probe::<ALL>(ctx, platform, &mut facts);
                }
                _ => {}
            }
        }
    }
    if ctx.wanted.contains(Field::OsType) {
        match platform.fixed_os_type() {
            Some(t) => facts.os.os_type = Some(t),
            None if facts.os.os_type.is_none() && !facts.omitted.contains_key(&Field::OsType) => {
                facts.omit(Field::OsType, OmitReason::NotFound);
            }
            None => {}
        }
    }
    facts
}

/// Whether `os.type` is wanted and must be read: on the web and in mini-programs the OS family
/// is found like the other OS facts.
fn reads_os_type(ctx: &Context<'_>, platform: Platform) -> bool {
    ctx.wanted.contains(Field::OsType) && platform.fixed_os_type().is_none()
}

/// The fields of each group, for groups that omit all their fields at once.
pub(crate) mod groups {
    use crate::field::{Field, FieldSet, Group};

    /// `device.*`.
    pub const DEVICE: FieldSet = Group::Device.fields();
    /// `os.*` except `os.type`, which the platform alone decides (nothing is read for it),
    /// except on the web and in mini-programs.
    pub const OS: FieldSet = Group::Os.fields().without(Field::OsType);
    /// `network.*`.
    pub const NETWORK: FieldSet = Group::Network.fields();
    /// `screen.*`.
    pub const SCREEN: FieldSet = Group::Screen.fields();
}

/// Generates the per-field operations on [`Facts`] from the field table.
macro_rules! facts_ops {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal
        { $group:ident . $member:ident, $purpose:ident, $kind:ident } )*) => {
        impl Facts {
            /// Whether `field` has a value.
            pub fn has(&self, field: Field) -> bool {
                match field { $( Field::$variant => self.$group.$member.is_some(), )* }
            }

            /// Removes the value of `field`, if any.
            pub fn clear(&mut self, field: Field) {
                match field { $( Field::$variant => self.$group.$member = None, )* }
            }

            /// Copies the value of `field`, or its omission reason, from `src`.
            pub fn copy_field(&mut self, src: &Facts, field: Field) {
                match field {
                    $( Field::$variant => self.$group.$member.clone_from(&src.$group.$member), )*
                }
                self.omitted.remove(&field);
                if let Some(reason) = src.omitted.get(&field) {
                    self.omitted.insert(field, *reason);
                }
            }

            /// Sanitizes every string (see [`crate::minimize::sanitize`]).
            pub fn sanitize(&mut self) {
                $( sanitize_kind!($kind, self.$group.$member); )*
            }
        }
    };
}

/// Sanitizes a value of kind `text`; values of the other kinds are typed, not free text.
macro_rules! sanitize_kind {
    (text, $value:expr) => {
        if !$value.as_deref().is_some_and(crate::minimize::is_clean) {
            $value = $value.as_deref().and_then(crate::minimize::sanitize);
        }
    };
    ($other:ident, $value:expr) => {};
}

crate::field::field_table!(facts_ops);
