//! Minimizing what a capture writes: no full IP address leaves through `--capture`.

use crate::minimize::truncate_ip;
use crate::source::{AdapterInfo, InterfaceAddr};

/// Interface addresses cut to /24 (IPv4) or /48 (IPv6).
pub(crate) fn interfaces(mut addrs: Vec<InterfaceAddr>) -> Vec<InterfaceAddr> {
    for a in &mut addrs {
        a.ip = truncate_ip(a.ip);
    }
    addrs
}

/// Adapter addresses cut to /24 (IPv4) or /48 (IPv6); the rest of the record holds no address.
pub(crate) fn adapters(mut adapters: Vec<AdapterInfo>) -> Vec<AdapterInfo> {
    for a in &mut adapters {
        for addr in &mut a.addresses {
            addr.ip = truncate_ip(addr.ip);
        }
    }
    adapters
}

/// A file's bytes with any IP address in it minimized. Route tables hold gateway and
/// destination addresses; they are rewritten by the network work. Other files pass unchanged.
pub(crate) fn file(_path: &str, bytes: Vec<u8>) -> Vec<u8> {
    bytes
}
