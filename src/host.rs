//! Facts only the host app can know, pushed into the collector: the screen orientation (from the
//! UI toolkit) and, on mobile, the network type (from ConnectivityManager / NWPathMonitor).
//! A snapshot carries them in `host.json`.

use serde::{Deserialize, Serialize};

use crate::report::{ConnectionSubtype, ConnectionType, Orientation};

/// An orientation the host pushed: the W3C type and, when known, the clockwise rotation of the
/// content from the device's natural orientation (0, 90, 180, 270).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HostOrientation {
    /// W3C orientation type, e.g. `landscape_primary`.
    pub orientation: Orientation,
    /// Clockwise rotation in degrees: 0, 90, 180 or 270.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_degrees: Option<u16>,
}

impl HostOrientation {
    /// An orientation with its rotation, e.g. `HostOrientation::new(Orientation::LandscapePrimary, Some(90))`.
    /// A rotation that is not 0, 90, 180 or 270 is dropped.
    pub fn new(orientation: Orientation, rotation_degrees: Option<u16>) -> Self {
        let rotation_degrees = rotation_degrees.filter(|d| matches!(d, 0 | 90 | 180 | 270));
        HostOrientation {
            orientation,
            rotation_degrees,
        }
    }
}

/// Network facts the host pushed (mobile platforms, where they live in Java or Swift).
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
