//! Facts only the host app can know, pushed into the collector: the screen orientation (from the
//! UI toolkit) and, on mobile, the network type (from ConnectivityManager / NWPathMonitor).
//! A snapshot carries them in `host.json`.

use serde::{Deserialize, Serialize};

use crate::report::{ConnectionSubtype, ConnectionType, Orientation};
use crate::text_enum::{UnknownValue, text_enum};

/// An orientation the host pushed: the W3C type and, when known, the clockwise rotation of the
/// content from the device's natural orientation (0, 90, 180, 270).
///
/// Deserializing refuses a rotation other than 0, 90, 180 or 270 (a `host.json` with one is
/// ignored, like a missing one); the report only ever carries those four values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawHostOrientation")]
#[non_exhaustive]
pub struct HostOrientation {
    /// W3C orientation type, e.g. `landscape_primary`.
    pub orientation: Orientation,
    /// Clockwise rotation in degrees: 0, 90, 180 or 270.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_degrees: Option<u16>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHostOrientation {
    orientation: Orientation,
    #[serde(default)]
    rotation_degrees: Option<u16>,
}

impl TryFrom<RawHostOrientation> for HostOrientation {
    type Error = String;

    fn try_from(raw: RawHostOrientation) -> Result<Self, Self::Error> {
        match raw.rotation_degrees {
            Some(d) if !is_quarter_turn(d) => Err(format!(
                "rotation_degrees must be 0, 90, 180 or 270, not {d}"
            )),
            d => Ok(HostOrientation {
                orientation: raw.orientation,
                rotation_degrees: d,
            }),
        }
    }
}

/// Whether `degrees` is one of the four rotations a screen can have: 0, 90, 180, 270.
pub(crate) fn is_quarter_turn(degrees: u16) -> bool {
    matches!(degrees, 0 | 90 | 180 | 270)
}

impl HostOrientation {
    /// An orientation with its clockwise rotation in degrees (`None` when the host does not
    /// know it).
    ///
    /// ```
    /// use devprobe::{HostOrientation, Orientation};
    /// let o = HostOrientation::new(Orientation::LandscapePrimary, Some(90))?;
    /// assert_eq!(o.rotation_degrees, Some(90));
    /// assert!(HostOrientation::new(Orientation::LandscapePrimary, Some(45)).is_err());
    /// # Ok::<(), devprobe::UnknownValue>(())
    /// ```
    ///
    /// # Errors
    /// [`UnknownValue`] for a rotation that is not 0, 90, 180 or 270.
    pub fn new(
        orientation: Orientation,
        rotation_degrees: Option<u16>,
    ) -> Result<Self, UnknownValue> {
        match rotation_degrees {
            Some(d) if !is_quarter_turn(d) => Err(unknown("rotation in degrees", d)),
            rotation_degrees => Ok(HostOrientation {
                orientation,
                rotation_degrees,
            }),
        }
    }

    /// From Android's `Display.getRotation()` (`Surface.ROTATION_0` … `ROTATION_270` = 0 … 3,
    /// the clockwise rotation of the drawn content) and the device's natural orientation (its
    /// shape at rotation 0). Follows Chromium's mapping for `screen.orientation`:
    ///
    /// | rotation | degrees | natural portrait (phone) | natural landscape (tablet) |
    /// |---|---|---|---|
    /// | 0 | 0 | `portrait_primary` | `landscape_primary` |
    /// | 1 | 90 | `landscape_primary` | `portrait_secondary` |
    /// | 2 | 180 | `portrait_secondary` | `landscape_secondary` |
    /// | 3 | 270 | `landscape_secondary` | `portrait_primary` |
    ///
    /// ```
    /// use devprobe::{HostOrientation, NaturalOrientation, Orientation};
    /// let o = HostOrientation::from_android_rotation(1, NaturalOrientation::Portrait)?;
    /// assert_eq!((o.orientation, o.rotation_degrees), (Orientation::LandscapePrimary, Some(90)));
    /// # Ok::<(), devprobe::UnknownValue>(())
    /// ```
    ///
    /// # Errors
    /// [`UnknownValue`] for a rotation outside 0 … 3.
    pub fn from_android_rotation(
        rotation: i32,
        natural: NaturalOrientation,
    ) -> Result<Self, UnknownValue> {
        let degrees = match rotation {
            0 => 0,
            1 => 90,
            2 => 180,
            3 => 270,
            _ => return Err(unknown("android display rotation", rotation)),
        };
        Ok(Self::from_rotation(natural, degrees))
    }

    /// From the raw value of iOS's `UIInterfaceOrientation` (what
    /// `UIWindowScene.interfaceOrientation.rawValue` gives). UIKit defines all four relative to
    /// portrait on every iPhone and iPad, so no natural orientation is needed:
    ///
    /// | raw | `UIInterfaceOrientation` | orientation | degrees |
    /// |---|---|---|---|
    /// | 1 | `.portrait` | `portrait_primary` | 0 |
    /// | 2 | `.portraitUpsideDown` | `portrait_secondary` | 180 |
    /// | 3 | `.landscapeRight` (= `UIDeviceOrientation.landscapeLeft`) | `landscape_primary` | 90 |
    /// | 4 | `.landscapeLeft` (= `UIDeviceOrientation.landscapeRight`) | `landscape_secondary` | 270 |
    ///
    /// The interface names the way the *content* turns, the device names the way the *device*
    /// turns, so `landscapeLeft`/`landscapeRight` swap between the two enums while the raw values
    /// stay the same: turning the device to the left turns the picture to the right.
    ///
    /// ```
    /// use devprobe::{HostOrientation, Orientation};
    /// let o = HostOrientation::from_ios_interface_orientation(3)?; // .landscapeRight
    /// assert_eq!((o.orientation, o.rotation_degrees), (Orientation::LandscapePrimary, Some(90)));
    /// # Ok::<(), devprobe::UnknownValue>(())
    /// ```
    ///
    /// # Errors
    /// [`UnknownValue`] for `.unknown` (0) and any value outside 1 … 4.
    pub fn from_ios_interface_orientation(raw: i64) -> Result<Self, UnknownValue> {
        let degrees = match raw {
            1 => 0,
            2 => 180,
            3 => 90,
            4 => 270,
            _ => return Err(unknown("ios interface orientation", raw)),
        };
        Ok(Self::from_rotation(NaturalOrientation::Portrait, degrees))
    }

    /// From the W3C Screen Orientation API: `screen.orientation.type` (`"landscape-primary"`;
    /// the report's `"landscape_primary"` spelling is accepted too) and, when known,
    /// `screen.orientation.angle` (0, 90, 180 or 270).
    ///
    /// ```
    /// use devprobe::{HostOrientation, Orientation};
    /// let o = HostOrientation::from_w3c("portrait-secondary", Some(180))?;
    /// assert_eq!(o.orientation, Orientation::PortraitSecondary);
    /// # Ok::<(), devprobe::UnknownValue>(())
    /// ```
    ///
    /// # Errors
    /// [`UnknownValue`] for a type that is not one of the four, or an angle that is not 0, 90,
    /// 180 or 270.
    pub fn from_w3c(orientation_type: &str, angle: Option<u16>) -> Result<Self, UnknownValue> {
        let orientation: Orientation = orientation_type.trim().replace('-', "_").parse()?;
        if let Some(a) = angle.filter(|a| !matches!(a, 0 | 90 | 180 | 270)) {
            return Err(unknown("screen orientation angle", a));
        }
        Ok(HostOrientation {
            orientation,
            rotation_degrees: angle,
        })
    }

    fn from_rotation(natural: NaturalOrientation, degrees: u16) -> Self {
        HostOrientation {
            orientation: natural.orientation_at(degrees),
            rotation_degrees: Some(degrees),
        }
    }
}

fn unknown(kind: &'static str, value: impl std::fmt::Display) -> UnknownValue {
    UnknownValue {
        kind,
        value: value.to_string().chars().take(64).collect(),
    }
}

text_enum! {
    /// A device's shape in its natural orientation (rotation 0: how its maker means it to be
    /// held), e.g. `"portrait"` for a phone, `"landscape"` for most tablets and every laptop.
    #[non_exhaustive]
    pub enum NaturalOrientation: "natural orientation" {
        /// Taller than wide (or square) at rotation 0.
        Portrait => "portrait",
        /// Wider than tall at rotation 0.
        Landscape => "landscape",
    }
}

impl NaturalOrientation {
    /// The shape of a `width`×`height` screen: square counts as portrait, as in W3C. `None` when
    /// a side is zero.
    pub fn of_size(width: u32, height: u32) -> Option<NaturalOrientation> {
        match (width, height) {
            (0, _) | (_, 0) => None,
            (w, h) if w > h => Some(NaturalOrientation::Landscape),
            _ => Some(NaturalOrientation::Portrait),
        }
    }

    /// The other shape (what a screen of this natural shape looks like at 90° or 270°).
    #[must_use]
    pub const fn turned(self) -> NaturalOrientation {
        match self {
            NaturalOrientation::Portrait => NaturalOrientation::Landscape,
            NaturalOrientation::Landscape => NaturalOrientation::Portrait,
        }
    }

    /// The W3C orientation of a device of this natural shape whose content is turned
    /// `rotation_degrees` clockwise (Chromium's table; see
    /// [`HostOrientation::from_android_rotation`]). The rotation is taken modulo 360 and rounded
    /// down to a quarter turn, so pass only 0, 90, 180 or 270.
    pub const fn orientation_at(self, rotation_degrees: u16) -> Orientation {
        use Orientation as O;
        let quarter = (rotation_degrees % 360) / 90;
        match (self, quarter) {
            (NaturalOrientation::Portrait, 0) => O::PortraitPrimary,
            (NaturalOrientation::Portrait, 1) => O::LandscapePrimary,
            (NaturalOrientation::Portrait, 2) => O::PortraitSecondary,
            (NaturalOrientation::Portrait, _) => O::LandscapeSecondary,
            (NaturalOrientation::Landscape, 0) => O::LandscapePrimary,
            (NaturalOrientation::Landscape, 1) => O::PortraitSecondary,
            (NaturalOrientation::Landscape, 2) => O::LandscapeSecondary,
            (NaturalOrientation::Landscape, _) => O::PortraitPrimary,
        }
    }

    /// The clockwise rotation (0, 90, 180, 270) at which a device of this natural shape shows
    /// `orientation`: the inverse of [`orientation_at`](Self::orientation_at).
    pub const fn rotation_of(self, orientation: Orientation) -> u16 {
        use NaturalOrientation as N;
        use Orientation as O;
        match (self, orientation) {
            (N::Portrait, O::PortraitPrimary) | (N::Landscape, O::LandscapePrimary) => 0,
            (N::Portrait, O::LandscapePrimary) | (N::Landscape, O::PortraitSecondary) => 90,
            (N::Portrait, O::PortraitSecondary) | (N::Landscape, O::LandscapeSecondary) => 180,
            (N::Portrait, O::LandscapeSecondary) | (N::Landscape, O::PortraitPrimary) => 270,
        }
    }
}

/// Network facts the host pushed (mobile platforms, where they live in Java or Swift), built
/// with [`HostNetwork::new`] and the setters; a value left unset is read from the device.
///
/// ```
/// use devprobe::{Collector, ConnectionSubtype, ConnectionType, Consent, HostNetwork, Purpose};
///
/// let consent = Consent::new();
/// let collector = Collector::builder(consent.clone()).build();
/// consent.grant([Purpose::Connectivity]);
/// // From ConnectivityManager.NetworkCallback.onCapabilitiesChanged (Android) or an
/// // NWPathMonitor update (Apple): a cellular LTE network, no VPN.
/// collector.set_network(
///     HostNetwork::new(ConnectionType::Cell)
///         .connection_subtype(ConnectionSubtype::Lte)
///         .vpn(false)
///         .online(true),
/// );
/// let report = collector.collect()?;
/// assert_eq!(report.network.connection_type, Some(ConnectionType::Cell));
/// assert_eq!(report.network.connection_subtype, Some(ConnectionSubtype::Lte));
/// # Ok::<(), devprobe::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HostNetwork {
    /// Access type, e.g. `wifi`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_type: Option<ConnectionType>,
    /// Cellular technology, e.g. `lte`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_subtype: Option<ConnectionSubtype>,
    /// Whether a VPN carries the traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn: Option<bool>,
    /// Whether the device is online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    /// Whether the network bills by use: Android `!hasCapability(NET_CAPABILITY_NOT_METERED)`,
    /// Apple `NWPath.isExpensive` (`host.json` also accepts `is_expensive`).
    #[serde(
        default,
        alias = "is_expensive",
        skip_serializing_if = "Option::is_none"
    )]
    pub metered: Option<bool>,
    /// Whether the user or the plan asks to save data: Android Data Saver
    /// (`getRestrictBackgroundStatus() == RESTRICT_BACKGROUND_STATUS_ENABLED`), Apple Low Data
    /// Mode `NWPath.isConstrained` (`host.json` also accepts `is_constrained`).
    #[serde(
        default,
        alias = "is_constrained",
        skip_serializing_if = "Option::is_none"
    )]
    pub constrained: Option<bool>,
    /// Android `TelephonyDisplayInfo.getOverrideNetworkType()`, e.g. `nr_nsa` while the
    /// subtype says `lte`; JSON `"override"`.
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub display_override: Option<DisplayOverride>,
}

text_enum! {
    /// Android's `TelephonyDisplayInfo` override network type, e.g. `"nr_nsa"`: what the
    /// status bar shows when it differs from the radio's data subtype.
    #[non_exhaustive]
    pub enum DisplayOverride: "display override" {
        /// `OVERRIDE_NETWORK_TYPE_NONE` (0): no override.
        None => "none",
        /// `OVERRIDE_NETWORK_TYPE_LTE_CA` (1).
        LteCa => "lte_ca",
        /// `OVERRIDE_NETWORK_TYPE_LTE_ADVANCED_PRO` (2).
        LteAdvancedPro => "lte_advanced_pro",
        /// `OVERRIDE_NETWORK_TYPE_NR_NSA` (3): 5G non-standalone on an LTE anchor.
        NrNsa => "nr_nsa",
        /// `OVERRIDE_NETWORK_TYPE_NR_NSA_MMWAVE` (4, deprecated; newer Android sends 5).
        NrNsaMmwave => "nr_nsa_mmwave",
        /// `OVERRIDE_NETWORK_TYPE_NR_ADVANCED` (5).
        NrAdvanced => "nr_advanced",
    }
}

impl DisplayOverride {
    /// From Android's `TelephonyDisplayInfo.getOverrideNetworkType()` integer, e.g. `3` →
    /// [`DisplayOverride::NrNsa`].
    ///
    /// # Errors
    /// [`UnknownValue`] for a number Android does not define.
    pub fn from_android(raw: i32) -> Result<DisplayOverride, UnknownValue> {
        match raw {
            0 => Ok(DisplayOverride::None),
            1 => Ok(DisplayOverride::LteCa),
            2 => Ok(DisplayOverride::LteAdvancedPro),
            3 => Ok(DisplayOverride::NrNsa),
            4 => Ok(DisplayOverride::NrNsaMmwave),
            5 => Ok(DisplayOverride::NrAdvanced),
            other => Err(unknown("display override", other)),
        }
    }

    /// Whether it shows a 5G network.
    pub const fn is_5g(self) -> bool {
        matches!(
            self,
            DisplayOverride::NrNsa | DisplayOverride::NrNsaMmwave | DisplayOverride::NrAdvanced
        )
    }
}

impl HostNetwork {
    /// A push of the access type alone, e.g. `HostNetwork::new(ConnectionType::Wifi)`; the
    /// other values are read from the device unless set with the methods below.
    pub const fn new(connection_type: ConnectionType) -> HostNetwork {
        HostNetwork {
            connection_type: Some(connection_type),
            connection_subtype: None,
            vpn: None,
            online: None,
            metered: None,
            constrained: None,
            display_override: None,
        }
    }

    /// With the cellular technology, e.g. [`ConnectionSubtype::Lte`] (only a push gives it).
    #[must_use]
    pub const fn connection_subtype(mut self, subtype: ConnectionSubtype) -> HostNetwork {
        self.connection_subtype = Some(subtype);
        self
    }

    /// With whether a VPN carries the traffic.
    #[must_use]
    pub const fn vpn(mut self, vpn: bool) -> HostNetwork {
        self.vpn = Some(vpn);
        self
    }

    /// With whether the device is online.
    #[must_use]
    pub const fn online(mut self, online: bool) -> HostNetwork {
        self.online = Some(online);
        self
    }

    /// With whether the network bills by use (Android: not `NET_CAPABILITY_NOT_METERED`;
    /// Apple: `NWPath.isExpensive`).
    ///
    /// ```
    /// use devprobe::{Collector, ConnectionType, Consent, HostNetwork, Purpose};
    ///
    /// let consent = Consent::new();
    /// let collector = Collector::builder(consent.clone()).build();
    /// consent.grant([Purpose::Connectivity]);
    /// // NetworkCallback.onCapabilitiesChanged: a cellular network without NOT_METERED, and
    /// // ConnectivityManager.getRestrictBackgroundStatus() == RESTRICT_BACKGROUND_STATUS_ENABLED.
    /// collector.set_network(HostNetwork::new(ConnectionType::Cell).metered(true).constrained(true));
    /// let report = collector.collect()?;
    /// assert_eq!(report.network.metered, Some(true));
    /// assert_eq!(report.network.constrained, Some(true));
    /// # Ok::<(), devprobe::Error>(())
    /// ```
    #[must_use]
    pub const fn metered(mut self, metered: bool) -> HostNetwork {
        self.metered = Some(metered);
        self
    }

    /// With whether the user or the plan asks to save data (Android Data Saver; Apple Low
    /// Data Mode, `NWPath.isConstrained`).
    #[must_use]
    pub const fn constrained(mut self, constrained: bool) -> HostNetwork {
        self.constrained = Some(constrained);
        self
    }

    /// With Android's `TelephonyDisplayInfo` override, which wins over the subtype for
    /// `network.cellular_generation`.
    ///
    /// ```
    /// use devprobe::{CellularGeneration, Collector, ConnectionSubtype, ConnectionType, Consent};
    /// use devprobe::{DisplayOverride, HostNetwork, Purpose};
    ///
    /// let consent = Consent::new();
    /// let collector = Collector::builder(consent.clone()).build();
    /// consent.grant([Purpose::Connectivity]);
    /// // TelephonyCallback.DisplayInfoListener: data on LTE, status bar shows 5G.
    /// collector.set_network(
    ///     HostNetwork::new(ConnectionType::Cell)
    ///         .connection_subtype(ConnectionSubtype::Lte)
    ///         .display_override(DisplayOverride::from_android(3)?),
    /// );
    /// let report = collector.collect()?;
    /// assert_eq!(report.network.cellular_generation, Some(CellularGeneration::G5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn display_override(mut self, display: DisplayOverride) -> HostNetwork {
        self.display_override = Some(display);
        self
    }
}

/// Everything the host pushed. A snapshot's `host.json` has this shape:
/// `{"orientation": {"orientation": "portrait_primary", "rotation_degrees": 0},
///   "network": {"connection_type": "cell", "connection_subtype": "lte"}}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HostFacts {
    /// The screen orientation the UI reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientation: Option<HostOrientation>,
    /// The network facts the platform's connectivity API reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<HostNetwork>,
}

impl HostFacts {
    /// `self`, with each value `newer` has replacing the one in `self`.
    #[must_use]
    pub fn overlay(self, newer: HostFacts) -> HostFacts {
        HostFacts {
            orientation: newer.orientation.or(self.orientation),
            network: newer.network.or(self.network),
        }
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.orientation.is_none() && self.network.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NaturalOrientation::{Landscape, Portrait};
    use Orientation::{LandscapePrimary, LandscapeSecondary, PortraitPrimary, PortraitSecondary};

    #[track_caller]
    fn check(got: Result<HostOrientation, UnknownValue>, orientation: Orientation, degrees: u16) {
        let got = got.unwrap();
        assert_eq!(
            (got.orientation, got.rotation_degrees),
            (orientation, Some(degrees))
        );
    }

    #[test]
    fn android_phone_rotation_0_is_portrait_primary() {
        check(
            HostOrientation::from_android_rotation(0, Portrait),
            PortraitPrimary,
            0,
        );
    }

    #[test]
    fn android_phone_rotation_1_turned_left_is_landscape_primary() {
        check(
            HostOrientation::from_android_rotation(1, Portrait),
            LandscapePrimary,
            90,
        );
    }

    #[test]
    fn android_phone_rotation_2_is_portrait_secondary() {
        check(
            HostOrientation::from_android_rotation(2, Portrait),
            PortraitSecondary,
            180,
        );
    }

    #[test]
    fn android_phone_rotation_3_turned_right_is_landscape_secondary() {
        check(
            HostOrientation::from_android_rotation(3, Portrait),
            LandscapeSecondary,
            270,
        );
    }

    #[test]
    fn android_tablet_rotation_0_is_landscape_primary_not_portrait() {
        check(
            HostOrientation::from_android_rotation(0, Landscape),
            LandscapePrimary,
            0,
        );
    }

    #[test]
    fn android_tablet_rotation_1_is_portrait_secondary() {
        check(
            HostOrientation::from_android_rotation(1, Landscape),
            PortraitSecondary,
            90,
        );
    }

    #[test]
    fn android_tablet_rotation_2_is_landscape_secondary() {
        check(
            HostOrientation::from_android_rotation(2, Landscape),
            LandscapeSecondary,
            180,
        );
    }

    #[test]
    fn android_tablet_rotation_3_is_portrait_primary() {
        check(
            HostOrientation::from_android_rotation(3, Landscape),
            PortraitPrimary,
            270,
        );
    }

    #[test]
    fn android_rotation_out_of_range_is_refused() {
        for bad in [-1, 4, 90] {
            let err = HostOrientation::from_android_rotation(bad, Portrait).unwrap_err();
            assert_eq!(err.value, bad.to_string());
        }
    }

    #[test]
    fn ios_portrait_1() {
        check(
            HostOrientation::from_ios_interface_orientation(1),
            PortraitPrimary,
            0,
        );
    }

    #[test]
    fn ios_portrait_upside_down_2() {
        check(
            HostOrientation::from_ios_interface_orientation(2),
            PortraitSecondary,
            180,
        );
    }

    #[test]
    fn ios_landscape_right_3_is_device_landscape_left_and_landscape_primary() {
        check(
            HostOrientation::from_ios_interface_orientation(3),
            LandscapePrimary,
            90,
        );
    }

    #[test]
    fn ios_landscape_left_4_is_device_landscape_right_and_landscape_secondary() {
        check(
            HostOrientation::from_ios_interface_orientation(4),
            LandscapeSecondary,
            270,
        );
    }

    #[test]
    fn ios_unknown_and_device_only_values_are_refused() {
        // 0 is .unknown; 5 and 6 are UIDeviceOrientation's faceUp/faceDown, not interface values.
        for bad in [0, 5, 6, -1] {
            assert!(
                HostOrientation::from_ios_interface_orientation(bad).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn ios_matches_android_phone_for_the_same_physical_turn() {
        // Device turned 90° counter-clockwise: Android ROTATION_90, iOS .landscapeRight (3).
        assert_eq!(
            HostOrientation::from_ios_interface_orientation(3).unwrap(),
            HostOrientation::from_android_rotation(1, Portrait).unwrap()
        );
        assert_eq!(
            HostOrientation::from_ios_interface_orientation(4).unwrap(),
            HostOrientation::from_android_rotation(3, Portrait).unwrap()
        );
    }

    #[test]
    fn w3c_types_in_both_spellings() {
        check(
            HostOrientation::from_w3c("landscape-primary", Some(90)),
            LandscapePrimary,
            90,
        );
        check(
            HostOrientation::from_w3c("portrait_secondary", Some(180)),
            PortraitSecondary,
            180,
        );
        let no_angle = HostOrientation::from_w3c("landscape-secondary", None).unwrap();
        assert_eq!(
            (no_angle.orientation, no_angle.rotation_degrees),
            (LandscapeSecondary, None)
        );
    }

    #[test]
    fn w3c_bad_values_are_refused() {
        assert!(HostOrientation::from_w3c("landscape", Some(0)).is_err());
        assert!(HostOrientation::from_w3c("portrait-primary", Some(45)).is_err());
        assert!(HostOrientation::from_w3c("", None).is_err());
    }

    #[test]
    fn rotation_of_inverts_orientation_at() {
        for natural in NaturalOrientation::ALL {
            for d in [0, 90, 180, 270] {
                assert_eq!(
                    natural.rotation_of(natural.orientation_at(d)),
                    d,
                    "{natural} {d}"
                );
            }
        }
    }

    #[test]
    fn shape_of_a_size() {
        assert_eq!(NaturalOrientation::of_size(1920, 1080), Some(Landscape));
        assert_eq!(NaturalOrientation::of_size(1080, 1920), Some(Portrait));
        assert_eq!(NaturalOrientation::of_size(1000, 1000), Some(Portrait));
        assert_eq!(NaturalOrientation::of_size(0, 1080), None);
    }

    #[test]
    fn deserializing_refuses_odd_rotations() {
        let ok: HostOrientation =
            serde_json::from_str(r#"{"orientation":"portrait_primary","rotation_degrees":270}"#)
                .unwrap();
        assert_eq!(ok.rotation_degrees, Some(270));
        for bad in [
            r#"{"orientation":"portrait_primary","rotation_degrees":65535}"#,
            r#"{"orientation":"portrait_primary","rotation_degrees":45}"#,
            r#"{"orientation":"upside_down"}"#,
        ] {
            assert!(
                serde_json::from_str::<HostOrientation>(bad).is_err(),
                "{bad}"
            );
        }
        let facts: HostFacts = serde_json::from_str(
            r#"{"orientation":{"orientation":"landscape_primary","rotation_degrees":12345}}"#,
        )
        .unwrap_or_default();
        assert_eq!(facts.orientation, None);
    }
}
