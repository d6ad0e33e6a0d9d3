//! The report's fields, one enum value per JSON path, and a compact set of them.
//!
//! This module owns the *names*: every other module refers to a fact by its [`Field`], so the
//! catalog, the consent gate, the omission list and the disclosures cannot disagree on spelling.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The table of report fields: the one place a field is declared. Each row gives
///
/// - the [`Field`] variant and its doc, and the JSON path (`"device.brand"`);
/// - where its value lives in the report (`group.member`, e.g. `device.brand`: the group is
///   the report object, the member its Rust name);
/// - the [`Purpose`](crate::Purpose) it is collected for;
/// - its kind of value: `text` (a sanitized string), `os_type`, `level` (an integer),
///   `ip`, `connection_type`, `connection_subtype`, `cellular_generation`, `flag` (a boolean), `orientation`,
///   `rotation` (degrees). Each consumer has one function per kind (`consent::explain::kind`,
///   `consent::disclosure::schema::kind`), so a new kind does not compile until every one has it.
///
/// Rows are in report order (the order of `omitted`). The table is handed to a consumer macro
/// (`field_table!(consumer)`), which generates its per-field code from it: the `Field` enum
/// here; `Facts::{has, clear, copy_field, sanitize}` in `facts`; the purposes in `consent::catalog`;
/// the explain values in `explain`; the schema types in `disclosure::schema`. Adding a field
/// is one row here, one catalog entry (its texts) and the member in its report object.
macro_rules! field_table {
    ($consumer:ident) => {
        $consumer! {
            /// `device.brand`: the canonical consumer brand, e.g. `"Lenovo"`.
            DeviceBrand => "device.brand" { device.brand, Compatibility, text }
            /// `device.manufacturer`: the raw vendor string the OS reports, e.g. `"LENOVO"`.
            DeviceManufacturer => "device.manufacturer" { device.manufacturer, Compatibility, text }
            /// `device.model`: the best human-facing model name, e.g. `"ThinkPad T14s Gen 1"`.
            DeviceModel => "device.model" { device.model, Compatibility, text }
            /// `device.model_identifier`: the raw model code whenever one is known, also when the model shows it, e.g. `"20UJ001TRT"`.
            DeviceModelIdentifier => "device.model_identifier" { device.model_identifier, Compatibility, text }
            /// `os.type`: the OpenTelemetry OS family, e.g. `"linux"`.
            OsType => "os.type" { os.os_type, Compatibility, os_type }
            /// `os.id`: the lower-case distribution or OS id, e.g. `"debian"`.
            OsId => "os.id" { os.id, Compatibility, text }
            /// `os.name`: the OS name, e.g. `"Debian GNU/Linux"`.
            OsName => "os.name" { os.name, Compatibility, text }
            /// `os.version`: the user-facing OS version, e.g. `"12"`.
            OsVersion => "os.version" { os.version, Compatibility, text }
            /// `os.build_id`: the build, e.g. `"22631.4460"` or `"UP1A.231005.007"`.
            OsBuildId => "os.build_id" { os.build_id, Compatibility, text }
            /// `os.display_version`: the marketing release of a version, e.g. `"23H2"`.
            OsDisplayVersion => "os.display_version" { os.display_version, Compatibility, text }
            /// `os.sdk_level`: the Android API level, e.g. `34`.
            OsSdkLevel => "os.sdk_level" { os.sdk_level, Compatibility, level }
            /// `os.kernel_version`: the kernel release, e.g. `"6.1.0-18-amd64"`.
            OsKernelVersion => "os.kernel_version" { os.kernel_version, Compatibility, text }
            /// `network.ip`: the minimized egress address with its precision and scope.
            NetworkIp => "network.ip" { network.ip, ServerSelection, ip }
            /// `network.connection_type`: `wifi`, `wired`, `cell`, `unavailable` or `unknown`.
            NetworkConnectionType => "network.connection_type" { network.connection_type, Connectivity, connection_type }
            /// `network.connection_subtype`: the cellular radio technology, e.g. `"lte"`.
            NetworkConnectionSubtype => "network.connection_subtype" { network.connection_subtype, Connectivity, connection_subtype }
            /// `network.effective_type`: the browser's measured speed class (`navigator.connection.effectiveType`), `slow-2g` to `4g`; never the radio.
            NetworkEffectiveType => "network.effective_type" { network.effective_type, Connectivity, effective_type }
            /// `network.vpn`: whether Internet-bound traffic leaves through a tunnel.
            NetworkVpn => "network.vpn" { network.vpn, Connectivity, flag }
            /// `network.online`: whether a default route exists on an interface that is up.
            NetworkOnline => "network.online" { network.online, Connectivity, flag }
            /// `network.ipv4`: whether an IPv4 default route exists.
            NetworkIpv4 => "network.ipv4" { network.ipv4, Connectivity, flag }
            /// `network.ipv6`: whether an IPv6 default route exists.
            NetworkIpv6 => "network.ipv6" { network.ipv6, Connectivity, flag }
            /// `network.metered`: whether the network bills by use (catalog 2).
            NetworkMetered => "network.metered" { network.metered, Connectivity, flag }
            /// `network.constrained`: whether the user or plan asks to save data (catalog 2).
            NetworkConstrained => "network.constrained" { network.constrained, Connectivity, flag }
            /// `network.cellular_generation`: `2g`, `3g`, `4g` or `5g` (catalog 2).
            NetworkCellularGeneration => "network.cellular_generation" { network.cellular_generation, Connectivity, cellular_generation }
            /// `network.nat64`: whether local evidence shows IPv4 reaches the Internet through NAT64/CLAT (catalog 2).
            NetworkNat64 => "network.nat64" { network.nat64, Connectivity, flag }
            /// `screen.orientation`: the W3C Screen Orientation type, e.g. `"landscape_primary"`.
            ScreenOrientation => "screen.orientation" { screen.orientation, VideoOrientation, orientation }
            /// `screen.rotation_degrees`: clockwise rotation of the content from the natural orientation.
            ScreenRotationDegrees => "screen.rotation_degrees" { screen.rotation_degrees, VideoOrientation, rotation }
        }
    };
}
pub(crate) use field_table;

/// Generates [`Field`] from [`field_table!`].
macro_rules! define_fields {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal
        { $group:ident . $member:ident, $purpose:ident, $kind:ident } )*) => {
        /// One fact in the report, named by its JSON path (`"device.brand"`, `"network.ip"`).
        ///
        /// Serializes as that path. The order of the variants is the order of the report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Field {
            $( $(#[$doc])* $variant, )*
        }

        impl Field {
            /// Every field, in report order.
            pub const ALL: &'static [Field] = &[ $( Field::$variant, )* ];

            /// The JSON path of the field, e.g. `"os.version"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Field::$variant => $name, )* }
            }

            /// The report object the field belongs to.
            pub(crate) const fn group(self) -> Group {
                match self { $( Field::$variant => group!($group), )* }
            }
        }

        impl FromStr for Field {
            type Err = UnknownField;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $name => Ok(Field::$variant), )*
                    _ => Err(UnknownField(s.chars().take(64).collect())),
                }
            }
        }
    };
}

macro_rules! group {
    (device) => {
        Group::Device
    };
    (os) => {
        Group::Os
    };
    (network) => {
        Group::Network
    };
    (screen) => {
        Group::Screen
    };
}

field_table!(define_fields);

/// A report object: the group a [`Field`] belongs to (the first part of its path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    /// `device.*`.
    Device,
    /// `os.*`.
    Os,
    /// `network.*`.
    Network,
    /// `screen.*`.
    Screen,
}

impl Group {
    /// Every field of the group, in report order.
    pub(crate) const fn fields(self) -> FieldSet {
        let mut set = FieldSet::EMPTY;
        let mut rest = Field::ALL;
        while let [f, tail @ ..] = rest {
            if f.group() as u8 == self as u8 {
                set = set.with(*f);
            }
            rest = tail;
        }
        set
    }
}

impl Field {
    const fn bit(self) -> u64 {
        1u64 << (self as u32)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The error of parsing a [`Field`] from a name that is not a report path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown report field {0:?}")]
pub struct UnknownField(pub String);

/// A set of [`Field`]s, stored as a bit set (`Copy`, no allocation).
///
/// ```
/// use devprobe::Field;
/// use devprobe::catalog::FieldSet;
/// let set = FieldSet::from_iter([Field::OsName, Field::OsVersion]);
/// assert!(set.contains(Field::OsName));
/// assert_eq!(set.len(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FieldSet(u64);

impl FieldSet {
    /// The empty set.
    pub const EMPTY: FieldSet = FieldSet(0);

    /// Every field.
    pub fn all() -> FieldSet {
        Field::ALL.iter().copied().collect()
    }

    /// Whether `field` is in the set.
    pub const fn contains(self, field: Field) -> bool {
        self.0 & field.bit() != 0
    }

    /// Whether any of `fields` is in the set.
    pub fn contains_any(self, fields: &[Field]) -> bool {
        fields.iter().any(|f| self.contains(*f))
    }

    /// The set with `field` added (for constants).
    #[must_use]
    pub(crate) const fn with(self, field: Field) -> FieldSet {
        FieldSet(self.0 | field.bit())
    }

    /// The set without `field` (for constants).
    #[must_use]
    pub(crate) const fn without(self, field: Field) -> FieldSet {
        FieldSet(self.0 & !field.bit())
    }

    /// Adds `field`.
    pub fn insert(&mut self, field: Field) {
        self.0 |= field.bit();
    }

    /// Removes `field`.
    pub fn remove(&mut self, field: Field) {
        self.0 &= !field.bit();
    }

    /// The fields in both sets.
    #[must_use]
    pub const fn intersection(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & other.0)
    }

    /// The fields in either set.
    #[must_use]
    pub const fn union(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 | other.0)
    }

    /// The fields of `self` that are not in `other`.
    #[must_use]
    pub const fn difference(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & !other.0)
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of fields in the set.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The fields in report order.
    pub fn iter(self) -> impl Iterator<Item = Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }
}

impl From<&[Field]> for FieldSet {
    fn from(fields: &[Field]) -> Self {
        fields.iter().copied().collect()
    }
}

impl<const N: usize> From<&[Field; N]> for FieldSet {
    fn from(fields: &[Field; N]) -> Self {
        fields.iter().copied().collect()
    }
}

impl FromIterator<Field> for FieldSet {
    fn from_iter<I: IntoIterator<Item = Field>>(iter: I) -> Self {
        let mut set = FieldSet::EMPTY;
        for f in iter {
            set.insert(f);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Field::ALL {
            assert_eq!(f.as_str().parse::<Field>(), Ok(*f));
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.as_str()));
        }
        assert!("device.serial".parse::<Field>().is_err());
    }

    #[test]
    fn set_operations() {
        let mut s = FieldSet::EMPTY;
        s.insert(Field::NetworkIp);
        s.insert(Field::OsName);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            vec![Field::OsName, Field::NetworkIp]
        );
        s.remove(Field::OsName);
        assert_eq!(s.len(), 1);
        assert_eq!(FieldSet::all().len(), Field::ALL.len());
        assert!(Field::ALL.len() < 64);
    }
}
