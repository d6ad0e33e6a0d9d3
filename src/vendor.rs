//! The network-type names RTC and mini-program SDKs use, from a report's [`Network`]: the
//! values to put where such an SDK expects its own vocabulary.
//!
//! ```
//! use devprobe::{CellularGeneration, ConnectionType, Network, vendor};
//! let mut network = Network::default();
//! network.connection_type = Some(ConnectionType::Cell);
//! network.cellular_generation = Some(CellularGeneration::G5);
//! assert_eq!(vendor::wechat_network_type(&network), "5g");
//! assert_eq!(vendor::livekit_network_type(&network), Some("cellular"));
//! ```

use crate::report::{CellularGeneration, ConnectionType, Network};

/// WeChat's `wx.getNetworkType` `networkType`: `"wifi"`, `"2g"`, `"3g"`, `"4g"`, `"5g"`,
/// `"unknown"` (including a cellular link whose generation is not known, and a wired link,
/// which WeChat has no word for) or `"none"` (offline).
pub fn wechat_network_type(network: &Network) -> &'static str {
    match network.connection_type {
        Some(ConnectionType::Wifi) => "wifi",
        Some(ConnectionType::Unavailable) => "none",
        Some(ConnectionType::Cell) => match network.cellular_generation {
            Some(CellularGeneration::G2) => "2g",
            Some(CellularGeneration::G3) => "3g",
            Some(CellularGeneration::G4) => "4g",
            Some(CellularGeneration::G5) => "5g",
            None => "unknown",
        },
        Some(ConnectionType::Wired | ConnectionType::Unknown) | None => "unknown",
    }
}

/// LiveKit's client network type (the W3C `RTCNetworkType` words its SDKs report in
/// `ClientInfo.network`): `"vpn"` when a tunnel carries the traffic, else `"wifi"`,
/// `"ethernet"`, `"cellular"`; `None` offline or when the type is not known.
pub fn livekit_network_type(network: &Network) -> Option<&'static str> {
    if network.vpn == Some(true) {
        return Some("vpn");
    }
    match network.connection_type? {
        ConnectionType::Wifi => Some("wifi"),
        ConnectionType::Wired => Some("ethernet"),
        ConnectionType::Cell => Some("cellular"),
        ConnectionType::Unavailable | ConnectionType::Unknown => None,
    }
}
