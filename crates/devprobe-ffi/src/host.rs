//! Facts only the host app knows, pushed into a collector: the screen orientation (C struct,
//! JSON, Android rotation, iOS interface orientation) and the network (C struct, JSON).

use std::ffi::c_char;

use devprobe::{
    ConnectionSubtype, ConnectionType, HostNetwork, HostOrientation, NaturalOrientation,
};

use crate::args::{non_null, str_arg};
use crate::collector::DevprobeCollector;
use crate::error::{DevprobeError, Failure, guard};

/// A W3C screen orientation type.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevprobeOrientationType {
    /// `portrait-primary`.
    PortraitPrimary = 0,
    /// `portrait-secondary` (upside down).
    PortraitSecondary = 1,
    /// `landscape-primary`.
    LandscapePrimary = 2,
    /// `landscape-secondary`.
    LandscapeSecondary = 3,
}

/// A screen orientation the app's UI reports.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DevprobeOrientation {
    /// A `DevprobeOrientationType` value.
    pub orientation: u32,
    /// Clockwise rotation of the content from the device's natural orientation: 0, 90, 180 or
    /// 270; -1 when unknown.
    pub rotation_degrees: i32,
}

/// A network access type (OpenTelemetry `network.connection.type`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevprobeConnectionType {
    /// Not pushed: leave the access type to devprobe's own probe.
    Unset = 0,
    /// `wifi`.
    Wifi = 1,
    /// `wired`.
    Wired = 2,
    /// `cell`.
    Cell = 3,
    /// `unavailable` (offline).
    Unavailable = 4,
    /// `unknown`.
    Unknown = 5,
}

/// A yes/no the host may leave unsaid.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevprobeOptionalBool {
    /// Not pushed.
    Unset = 0,
    /// No.
    False = 1,
    /// Yes.
    True = 2,
}

/// Network facts the app's platform API reports (Android `ConnectivityManager`, Apple
/// `NWPathMonitor`). Zero-initialize it and set what you know.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct DevprobeNetwork {
    /// A `DevprobeConnectionType` value.
    pub connection_type: u32,
    /// The cellular technology in the report's spelling (OpenTelemetry
    /// `network.connection.subtype`), e.g. `"lte"`, `"nr"`, `"hspa"`; NULL when not known.
    /// Copied during the call.
    pub connection_subtype: *const c_char,
    /// A `DevprobeOptionalBool` value: whether a VPN carries the traffic.
    pub vpn: u32,
    /// A `DevprobeOptionalBool` value: whether the device is online.
    pub online: u32,
}

fn orientation_of(pushed: &DevprobeOrientation) -> Result<HostOrientation, Failure> {
    let kind = match pushed.orientation {
        0 => "portrait_primary",
        1 => "portrait_secondary",
        2 => "landscape_primary",
        3 => "landscape_secondary",
        other => {
            return Err(Failure::invalid(format!(
                "unknown DevprobeOrientationType {other}"
            )));
        }
    };
    let degrees = match pushed.rotation_degrees {
        -1 => None,
        d @ (0 | 90 | 180 | 270) => u16::try_from(d).ok(),
        other => {
            return Err(Failure::invalid(format!(
                "rotation_degrees must be 0, 90, 180, 270 or -1, not {other}"
            )));
        }
    };
    HostOrientation::from_w3c(kind, degrees).map_err(|e| Failure::invalid(e.to_string()))
}

fn optional_bool(value: u32, what: &str) -> Result<Option<bool>, Failure> {
    match value {
        0 => Ok(None),
        1 => Ok(Some(false)),
        2 => Ok(Some(true)),
        other => Err(Failure::invalid(format!(
            "{what}: unknown DevprobeOptionalBool {other}"
        ))),
    }
}

/// # Safety
/// `pushed.connection_subtype` is NULL or a NUL-terminated string.
unsafe fn network_of(pushed: &DevprobeNetwork) -> Result<HostNetwork, Failure> {
    let kind = match pushed.connection_type {
        0 => None,
        1 => Some(ConnectionType::Wifi),
        2 => Some(ConnectionType::Wired),
        3 => Some(ConnectionType::Cell),
        4 => Some(ConnectionType::Unavailable),
        5 => Some(ConnectionType::Unknown),
        other => {
            return Err(Failure::invalid(format!(
                "unknown DevprobeConnectionType {other}"
            )));
        }
    };
    let subtype = if pushed.connection_subtype.is_null() {
        None
    } else {
        // SAFETY: not NULL; the caller promises a NUL-terminated string.
        let text = unsafe { str_arg(pushed.connection_subtype, "connection_subtype") }?;
        Some(
            text.parse::<ConnectionSubtype>()
                .map_err(|e| Failure::invalid(e.to_string()))?,
        )
    };
    let mut network = HostNetwork::default();
    network.connection_type = kind;
    network.connection_subtype = subtype;
    network.vpn = optional_bool(pushed.vpn, "vpn")?;
    network.online = optional_bool(pushed.online, "online")?;
    Ok(network)
}

/// The members a pushed network JSON may have; anything else is a typo to report, not ignore.
/// `metered`, `constrained` (also as Apple's `is_expensive`, `is_constrained`) and `override`
/// (Android's `TelephonyDisplayInfo`, e.g. `"nr_nsa"`) are the catalog 2 members.
const NETWORK_KEYS: [&str; 9] = [
    "connection_type",
    "connection_subtype",
    "vpn",
    "online",
    "metered",
    "constrained",
    "is_expensive",
    "is_constrained",
    "override",
];

fn network_from_json(json: &str) -> Result<HostNetwork, Failure> {
    let bad = |e: serde_json::Error| Failure::invalid(format!("network_json: {e}"));
    let value: serde_json::Value = serde_json::from_str(json).map_err(bad)?;
    if let Some(unknown) = value
        .as_object()
        .and_then(|o| o.keys().find(|k| !NETWORK_KEYS.contains(&k.as_str())))
    {
        return Err(Failure::invalid(format!(
            "network_json: unknown member {unknown:?} (known: {})",
            NETWORK_KEYS.join(", ")
        )));
    }
    serde_json::from_value(value).map_err(bad)
}

/// Pushes the screen orientation the app's UI reports. Reports then carry it with
/// `screen.source = "host"` (when `DEVPROBE_PURPOSE_VIDEO_ORIENTATION` is granted), and
/// subscriptions get it at once.
///
/// # Errors
/// `DEVPROBE_ERROR_NULL_POINTER` (collector, orientation), `DEVPROBE_ERROR_INVALID_ARGUMENT`
/// (an unknown type, a rotation not in {-1, 0, 90, 180, 270}); nothing is pushed then.
///
/// # Safety
/// `collector` is NULL or a live handle; `orientation` is NULL or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_set_orientation(
    collector: *const DevprobeCollector,
    orientation: *const DevprobeOrientation,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(collector, "collector") }?;
        // SAFETY: the caller's contract.
        let pushed = unsafe { non_null(orientation, "orientation") }?;
        handle.collector.set_orientation(orientation_of(pushed)?);
        Ok(())
    })
}

/// As `devprobe_collector_set_orientation`, from JSON:
/// `{"orientation":"landscape_primary","rotation_degrees":90}` (`rotation_degrees` optional).
///
/// # Errors
/// `DEVPROBE_ERROR_INVALID_ARGUMENT` for JSON of another shape or values out of range;
/// `DEVPROBE_ERROR_NULL_POINTER`.
///
/// # Safety
/// `collector` is NULL or a live handle; `orientation_json` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_set_orientation_json(
    collector: *const DevprobeCollector,
    orientation_json: *const c_char,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(collector, "collector") }?;
        // SAFETY: the caller's contract.
        let json = unsafe { str_arg(orientation_json, "orientation_json") }?;
        let pushed: HostOrientation = serde_json::from_str(json)
            .map_err(|e| Failure::invalid(format!("orientation_json: {e}")))?;
        handle.collector.set_orientation(pushed);
        Ok(())
    })
}

/// Pushes Android's `Display.getRotation()` (0 to 3) with the device's natural shape
/// (`natural_landscape`: true for most tablets, false for phones).
///
/// # Errors
/// `DEVPROBE_ERROR_INVALID_ARGUMENT` for a rotation outside 0 to 3; `DEVPROBE_ERROR_NULL_POINTER`.
///
/// # Safety
/// `collector` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_set_android_rotation(
    collector: *const DevprobeCollector,
    rotation: i32,
    natural_landscape: bool,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(collector, "collector") }?;
        let natural = if natural_landscape {
            NaturalOrientation::Landscape
        } else {
            NaturalOrientation::Portrait
        };
        let pushed = HostOrientation::from_android_rotation(rotation, natural)
            .map_err(|e| Failure::invalid(e.to_string()))?;
        handle.collector.set_orientation(pushed);
        Ok(())
    })
}

/// Pushes iOS's `UIWindowScene.interfaceOrientation.rawValue` (1 to 4).
///
/// # Errors
/// `DEVPROBE_ERROR_INVALID_ARGUMENT` for `.unknown` (0) or a value outside 1 to 4;
/// `DEVPROBE_ERROR_NULL_POINTER`.
///
/// # Safety
/// `collector` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_set_ios_orientation(
    collector: *const DevprobeCollector,
    interface_orientation: i64,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(collector, "collector") }?;
        let pushed = HostOrientation::from_ios_interface_orientation(interface_orientation)
            .map_err(|e| Failure::invalid(e.to_string()))?;
        handle.collector.set_orientation(pushed);
        Ok(())
    })
}

/// Pushes the network facts the app's platform API reports; on Android and Apple platforms
/// they are the only source of the access type. Replaces the previous push.
///
/// # Errors
/// `DEVPROBE_ERROR_INVALID_ARGUMENT` (an unknown enum value or subtype), `DEVPROBE_ERROR_NULL_POINTER`;
/// nothing is pushed then.
///
/// # Safety
/// `collector` is NULL or a live handle; `network` is NULL or readable, its
/// `connection_subtype` NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_set_network(
    collector: *const DevprobeCollector,
    network: *const DevprobeNetwork,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(collector, "collector") }?;
        // SAFETY: the caller's contract.
        let pushed = unsafe { non_null(network, "network") }?;
        // SAFETY: the caller's contract on connection_subtype.
        let network = unsafe { network_of(pushed) }?;
        handle.collector.set_network(network);
        Ok(())
    })
}

/// As `devprobe_collector_set_network`, from JSON:
/// `{"connection_type":"cell","connection_subtype":"nr","vpn":false,"online":true}` (every
/// member optional; an unknown member is refused).
///
/// # Errors
/// `DEVPROBE_ERROR_INVALID_ARGUMENT` for JSON of another shape; `DEVPROBE_ERROR_NULL_POINTER`.
///
/// # Safety
/// `collector` is NULL or a live handle; `network_json` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_set_network_json(
    collector: *const DevprobeCollector,
    network_json: *const c_char,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(collector, "collector") }?;
        // SAFETY: the caller's contract.
        let json = unsafe { str_arg(network_json, "network_json") }?;
        handle.collector.set_network(network_from_json(json)?);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orientation_struct_maps_to_the_w3c_type_and_rotation() {
        let pushed = orientation_of(&DevprobeOrientation {
            orientation: DevprobeOrientationType::LandscapeSecondary as u32,
            rotation_degrees: 270,
        })
        .unwrap();
        assert_eq!(
            serde_json::to_string(&pushed).unwrap(),
            r#"{"orientation":"landscape_secondary","rotation_degrees":270}"#
        );
        let unknown_rotation = orientation_of(&DevprobeOrientation {
            orientation: 0,
            rotation_degrees: -1,
        })
        .unwrap();
        assert_eq!(unknown_rotation.rotation_degrees, None);
    }

    #[test]
    fn orientation_out_of_range_is_refused() {
        for (orientation, rotation_degrees) in [(4, 0), (0, 45), (0, -90)] {
            let err = orientation_of(&DevprobeOrientation {
                orientation,
                rotation_degrees,
            })
            .unwrap_err();
            assert_eq!(err.parts().0, DevprobeError::InvalidArgument);
        }
    }

    #[test]
    fn network_struct_maps_every_member() {
        let pushed = DevprobeNetwork {
            connection_type: DevprobeConnectionType::Cell as u32,
            connection_subtype: c"nr".as_ptr(),
            vpn: DevprobeOptionalBool::False as u32,
            online: DevprobeOptionalBool::True as u32,
        };
        // SAFETY: the subtype is a static C string.
        let network = unsafe { network_of(&pushed) }.unwrap();
        assert_eq!(
            serde_json::to_string(&network).unwrap(),
            r#"{"connection_type":"cell","connection_subtype":"nr","vpn":false,"online":true}"#
        );
    }

    #[test]
    fn network_json_refuses_typos_and_unknown_values() {
        let typo = network_from_json(r#"{"conection_type":"wifi"}"#).unwrap_err();
        assert!(
            typo.parts().1.contains("unknown member \"conection_type\""),
            "{typo:?}"
        );
        assert!(network_from_json(r#"{"connection_type":"5g"}"#).is_err());
        let ok = network_from_json(r#"{"connection_type":"wifi"}"#).unwrap();
        assert_eq!(ok.connection_type, Some(ConnectionType::Wifi));
    }
}
