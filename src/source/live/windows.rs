//! The Windows backend, through `windows-sys`: registry values (`RegGetValueW`, `HKLM` only),
//! the kernel version (`RtlGetVersion`, which application-compatibility manifests do not
//! shim), the adapter list (`GetAdaptersAddresses`, with each adapter's hardware flag and media
//! types from `GetIfEntry2`) and the primary display
//! (`EnumDisplaySettingsW`). Files, Android properties and sysctls are unsupported here.
//!
//! Decoding of what these calls return is kept out of the `unsafe` blocks and, where it is
//! more than a field copy, in pure code (`crate::parse::reg_data`) tested on every platform.
#![allow(unsafe_code)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ptr;

use windows_sys::Wdk::System::SystemServices::RtlGetVersion;
use windows_sys::Win32::Foundation::{
    ERROR_BUFFER_OVERFLOW, ERROR_INVALID_PARAMETER, ERROR_MORE_DATA, ERROR_NO_DATA, ERROR_SUCCESS,
    WIN32_ERROR,
};
use windows_sys::Win32::Graphics::Gdi::{
    DEVMODEW, DM_DISPLAYORIENTATION, ENUM_CURRENT_SETTINGS, EnumDisplaySettingsW,
};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    ConvertInterfaceLuidToNameW, GAA_FLAG_INCLUDE_GATEWAYS, GAA_FLAG_SKIP_ANYCAST,
    GAA_FLAG_SKIP_DNS_SERVER, GAA_FLAG_SKIP_FRIENDLY_NAME, GAA_FLAG_SKIP_MULTICAST,
    GetAdaptersAddresses, GetIfEntry2, IP_ADAPTER_ADDRESSES_LH, MIB_IF_ROW2,
};
use windows_sys::Win32::NetworkManagement::Ndis::IfOperStatusUp;
use windows_sys::Win32::Networking::WinSock::{
    AF_UNSPEC, NL_NETWORK_CONNECTIVITY_HINT, NetworkConnectivityCostHintFixed,
    NetworkConnectivityCostHintUnrestricted, NetworkConnectivityCostHintVariable, SOCKET_ADDRESS,
};
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
use windows_sys::Win32::System::Registry::{
    HKEY_LOCAL_MACHINE, RRF_NOEXPAND, RRF_RT_ANY, RRF_SUBKEY_WOW6464KEY, RegGetValueW,
};
use windows_sys::Win32::System::SystemInformation::{OSVERSIONINFOEXW, OSVERSIONINFOW};

use crate::parse::reg_data::decode_reg_data;
use crate::platform::Platform;
use crate::source::{
    AdapterAddress, AdapterInfo, Answer, ChangeFeed, ConnectionCost, CostLevel, DisplayInfo,
    FILE_LIMIT, InterfaceAddr, Query, SourceError, TABLE_LIMIT, WindowsVersion,
};

pub(super) const PLATFORM: Platform = Platform::Windows;

pub(super) fn query(query: &Query) -> Result<Answer, SourceError> {
    match query {
        Query::Registry(key, value) => registry(key, value).map(Answer::Registry),
        Query::WindowsVersion => kernel_version().map(Answer::WindowsVersion),
        Query::Adapters => {
            let list = adapters()?;
            Ok(Answer::Adapters(list.into_iter().map(|(_, a)| a).collect()))
        }
        Query::Interfaces => interfaces().map(Answer::Interfaces),
        Query::Display => display().map(Answer::Display),
        Query::File(_)
        | Query::Dir(_)
        | Query::Link(_)
        | Query::Property(_)
        | Query::Sysctl(_)
        | Query::Routes
        | Query::Rules
        | Query::Web(_) => Err(SourceError::Unsupported),
    }
}

/// The IP Helper notifications (`super::windows_feed`); `None` when they cannot be registered
/// (subscriptions then poll).
pub(super) fn network_changes() -> Option<Box<dyn ChangeFeed>> {
    let feed = super::windows_feed::IpHelperFeed::open()?;
    Some(Box::new(feed))
}

/// A Win32 error code as a source error, by the standard library's mapping of OS errors
/// (`ERROR_FILE_NOT_FOUND` → not found, `ERROR_ACCESS_DENIED` → permission denied, ...).
fn win32_error(code: WIN32_ERROR) -> SourceError {
    match i32::try_from(code) {
        Ok(raw) => SourceError::from_io(&std::io::Error::from_raw_os_error(raw)),
        Err(_) => SourceError::Io(format!("win32 error {code}")),
    }
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

/// The subkey under `HKEY_LOCAL_MACHINE` that `key` names (`HKLM\...` or
/// `HKEY_LOCAL_MACHINE\...`).
fn hklm_subkey(key: &str) -> Option<&str> {
    let (root, rest) = key.split_once('\\')?;
    (root.eq_ignore_ascii_case("HKLM") || root.eq_ignore_ascii_case("HKEY_LOCAL_MACHINE"))
        .then_some(rest)
}

fn registry(key: &str, value: &str) -> Result<crate::source::RegValue, SourceError> {
    let sub = hklm_subkey(key).ok_or(SourceError::Unsupported)?;
    let (sub, name) = (wide(sub), wide(value));
    // The 64-bit view, so a 32-bit build reads what a 64-bit one does; older Wine releases
    // reject the flag, and then the default view is read.
    let base = RRF_RT_ANY | RRF_NOEXPAND;
    let read = |flags| read_value(&sub, &name, flags);
    match read(base | RRF_SUBKEY_WOW6464KEY) {
        Err(ERROR_INVALID_PARAMETER) => read(base),
        other => other,
    }
    .map_err(win32_error)
    .and_then(|r| r)
}

/// One value's type and bytes, `Err` with the Win32 error of the call, or `Ok(Err(..))` for a
/// value that was read but is too large or cannot be decoded.
fn read_value(
    sub: &[u16],
    name: &[u16],
    flags: u32,
) -> Result<Result<crate::source::RegValue, SourceError>, WIN32_ERROR> {
    let mut size: u32 = 0;
    let mut kind: u32 = 0;
    // SAFETY: `sub` and `name` are NUL-terminated UTF-16 strings that outlive the call; a null
    // data pointer asks only for the size, written to `size`; `kind` is a valid out pointer.
    let mut rc = unsafe {
        RegGetValueW(
            HKEY_LOCAL_MACHINE,
            sub.as_ptr(),
            name.as_ptr(),
            flags,
            &mut kind,
            ptr::null_mut(),
            &mut size,
        )
    };
    // The value can grow between the two calls: try a few times, then give up.
    for _ in 0..4 {
        if rc != ERROR_SUCCESS && rc != ERROR_MORE_DATA {
            return Err(rc);
        }
        let len = usize::try_from(size).unwrap_or(usize::MAX);
        if len > FILE_LIMIT {
            return Ok(Err(SourceError::TooLarge));
        }
        // u16 storage keeps string data aligned for the API.
        let mut buf = vec![0u16; len.div_ceil(2) + 1];
        let mut capacity = u32::try_from(buf.len() * 2).unwrap_or(u32::MAX);
        // SAFETY: `buf` is writable for `capacity` bytes and outlives the call; the other
        // pointers are as above.
        rc = unsafe {
            RegGetValueW(
                HKEY_LOCAL_MACHINE,
                sub.as_ptr(),
                name.as_ptr(),
                flags,
                &mut kind,
                buf.as_mut_ptr().cast(),
                &mut capacity,
            )
        };
        if rc == ERROR_SUCCESS {
            let bytes: Vec<u8> = buf.iter().flat_map(|u| u.to_le_bytes()).collect();
            let used = usize::try_from(capacity).unwrap_or(0).min(bytes.len());
            let data = bytes.get(..used).unwrap_or(&[]);
            return Ok(decode_reg_data(kind, data).map_err(|_| SourceError::Malformed));
        }
        size = capacity;
    }
    Ok(Err(SourceError::Io(
        "registry value kept changing size".into(),
    )))
}

fn kernel_version() -> Result<WindowsVersion, SourceError> {
    let mut info = OSVERSIONINFOEXW {
        dwOSVersionInfoSize: u32::try_from(size_of::<OSVERSIONINFOEXW>()).unwrap_or(0),
        ..Default::default()
    };
    // SAFETY: `info` is an OSVERSIONINFOEXW whose size field says so, which RtlGetVersion
    // accepts through its OSVERSIONINFOW pointer and fills in place.
    let status = unsafe { RtlGetVersion((&raw mut info).cast::<OSVERSIONINFOW>()) };
    if status != 0 {
        return Err(SourceError::Io(format!("RtlGetVersion status {status:#x}")));
    }
    Ok(WindowsVersion::new(
        info.dwMajorVersion,
        info.dwMinorVersion,
        info.dwBuildNumber,
        info.wProductType,
    ))
}

/// The most adapters read; a longer list is cut there.
const MAX_ADAPTERS: usize = 1024;
/// The most addresses read per list (unicast, gateways) of one adapter.
const MAX_ADDRESSES: usize = 1024;

/// Every adapter with its interface index.
fn adapters() -> Result<Vec<(u32, AdapterInfo)>, SourceError> {
    let flags = GAA_FLAG_INCLUDE_GATEWAYS
        | GAA_FLAG_SKIP_ANYCAST
        | GAA_FLAG_SKIP_MULTICAST
        | GAA_FLAG_SKIP_DNS_SERVER
        | GAA_FLAG_SKIP_FRIENDLY_NAME;
    let mut size: u32 = 16 * 1024;
    for _ in 0..4 {
        let len = usize::try_from(size).unwrap_or(usize::MAX);
        if len > TABLE_LIMIT {
            return Err(SourceError::TooLarge);
        }
        // u64 storage gives the 8-byte alignment the adapter records need.
        let mut buf = vec![0u64; len.div_ceil(8)];
        let first = buf.as_mut_ptr().cast::<IP_ADAPTER_ADDRESSES_LH>();
        // SAFETY: `buf` is writable for at least `size` bytes, suitably aligned, and outlives
        // the call; `size` is a valid in/out pointer.
        let rc = unsafe {
            GetAdaptersAddresses(u32::from(AF_UNSPEC), flags, ptr::null(), first, &mut size)
        };
        match rc {
            // SAFETY: on success `buf` holds a linked list of adapter records written by the
            // call, and it stays alive while the list is walked.
            ERROR_SUCCESS => return Ok(unsafe { walk(first) }),
            ERROR_NO_DATA => return Ok(Vec::new()),
            ERROR_BUFFER_OVERFLOW => continue,
            other => return Err(win32_error(other)),
        }
    }
    Err(SourceError::Io("adapter list kept growing".into()))
}

/// What `MIB_IF_ROW2` (`GetIfEntry2`) says of the adapter: whether it is a hardware
/// interface, its `PhysicalMediumType` and its `MediaType`. Only these are copied out; the
/// rest of the row (its MAC address and alias among them) is dropped here.
fn if_row_flags(a: &IP_ADAPTER_ADDRESSES_LH) -> Option<(bool, Option<u32>, Option<u32>)> {
    // SAFETY: MIB_IF_ROW2 is plain old data; all-zero is a valid value.
    let mut row: MIB_IF_ROW2 = unsafe { std::mem::zeroed() };
    row.InterfaceLuid = a.Luid;
    // SAFETY: `row` is a valid, writable MIB_IF_ROW2 whose LUID is set, as GetIfEntry2 needs.
    let rc = unsafe { GetIfEntry2(&mut row) };
    if rc != ERROR_SUCCESS {
        return None;
    }
    // HardwareInterface is the first bit of the flags' bitfield.
    let hardware = row.InterfaceAndOperStatusFlags._bitfield & 1 != 0;
    let medium = u32::try_from(row.PhysicalMediumType).ok();
    let media = u32::try_from(row.MediaType).ok();
    Some((hardware, medium, media))
}

/// Copies the facts devprobe keeps out of the adapter list at `first`.
///
/// # Safety
/// `first` is null or the head of a list written by `GetAdaptersAddresses` whose buffer is
/// alive for the duration of the call.
unsafe fn walk(first: *const IP_ADAPTER_ADDRESSES_LH) -> Vec<(u32, AdapterInfo)> {
    let mut out = Vec::new();
    let mut node = first;
    while !node.is_null() && out.len() < MAX_ADAPTERS {
        // SAFETY: `node` is a non-null record of the list (the caller's contract).
        let a = unsafe { &*node };
        // SAFETY: both members of the union are plain integers; `Anonymous` is the documented
        // view of it.
        let index = unsafe { a.Anonymous1.Anonymous.IfIndex };
        let mut info = AdapterInfo::new(
            luid_name(a).unwrap_or_else(|| format!("if{index}")),
            a.IfType,
            a.OperStatus == IfOperStatusUp,
        );
        info.ipv4_metric = Some(a.Ipv4Metric);
        info.ipv6_metric = Some(a.Ipv6Metric);
        if let Some((hardware, medium, media)) = if_row_flags(a) {
            info.hardware = Some(hardware);
            info.physical_medium = medium;
            info.media_type = media;
        }
        let mut unicast = a.FirstUnicastAddress;
        while !unicast.is_null() && info.addresses.len() < MAX_ADDRESSES {
            // SAFETY: a non-null entry of the adapter's unicast list, in the same buffer.
            let u = unsafe { &*unicast };
            // SAFETY: the entry's socket address points into the same buffer.
            if let Some(ip) = unsafe { socket_ip(&u.Address) } {
                let max = if ip.is_ipv4() { 32 } else { 128 };
                let prefix = Some(u.OnLinkPrefixLength).filter(|p| *p <= max);
                info.addresses.push(AdapterAddress::new(ip, prefix));
            }
            unicast = u.Next;
        }
        let mut gateway = a.FirstGatewayAddress;
        let mut seen = 0usize;
        while !gateway.is_null() && seen < MAX_ADDRESSES {
            seen += 1;
            // SAFETY: a non-null entry of the adapter's gateway list, in the same buffer.
            let g = unsafe { &*gateway };
            // SAFETY: as for unicast addresses.
            match unsafe { socket_ip(&g.Address) } {
                Some(IpAddr::V4(v4)) if !v4.is_unspecified() => info.ipv4_gateway = true,
                Some(IpAddr::V6(v6)) if !v6.is_unspecified() => info.ipv6_gateway = true,
                _ => {}
            }
            gateway = g.Next;
        }
        out.push((index, info));
        node = a.Next;
    }
    // The hint describes the network of the preferred default route: it goes on the adapters
    // with a default gateway, the facts take the egress adapter's.
    if let Some(cost) = connectivity_cost() {
        for (_, info) in &mut out {
            if info.ipv4_gateway || info.ipv6_gateway {
                info.cost = Some(cost);
            }
        }
    }
    out
}

/// `GetNetworkConnectivityHint` (Windows 10 2004 and later, looked up at run time so older
/// systems and Wine still load devprobe): the cost of the preferred network.
fn connectivity_cost() -> Option<ConnectionCost> {
    type Hint = unsafe extern "system" fn(*mut NL_NETWORK_CONNECTIVITY_HINT) -> WIN32_ERROR;
    let dll: Vec<u16> = "iphlpapi.dll\0".encode_utf16().collect();
    // SAFETY: a NUL-terminated UTF-16 name; iphlpapi is already loaded (GetAdaptersAddresses).
    let module = unsafe { GetModuleHandleW(dll.as_ptr()) };
    if module.is_null() {
        return None;
    }
    // SAFETY: a valid module handle and a NUL-terminated ANSI name.
    let proc = unsafe { GetProcAddress(module, c"GetNetworkConnectivityHint".as_ptr().cast()) }?;
    // SAFETY: the export has this signature (iphlpapi.h).
    let hint_fn: Hint = unsafe { std::mem::transmute::<_, Hint>(proc) };
    let mut hint = NL_NETWORK_CONNECTIVITY_HINT::default();
    // SAFETY: `hint` is a writable NL_NETWORK_CONNECTIVITY_HINT for the call.
    if unsafe { hint_fn(&mut hint) } != ERROR_SUCCESS {
        return None;
    }
    let level = match hint.ConnectivityCost {
        c if c == NetworkConnectivityCostHintUnrestricted => CostLevel::Unrestricted,
        c if c == NetworkConnectivityCostHintFixed => CostLevel::Fixed,
        c if c == NetworkConnectivityCostHintVariable => CostLevel::Variable,
        _ => CostLevel::Unknown,
    };
    let mut cost = ConnectionCost::new(level);
    cost.approaching_data_limit = hint.ApproachingDataLimit;
    cost.over_data_limit = hint.OverDataLimit;
    cost.roaming = hint.Roaming;
    Some(cost)
}

/// The interface's generic name from its LUID (`wireless_32768`), never the friendly name.
fn luid_name(a: &IP_ADAPTER_ADDRESSES_LH) -> Option<String> {
    let mut buf = [0u16; 257];
    // SAFETY: `a.Luid` is a valid LUID; `buf` is writable for its length in UTF-16 units.
    let rc = unsafe { ConvertInterfaceLuidToNameW(&a.Luid, buf.as_mut_ptr(), buf.len()) };
    if rc != ERROR_SUCCESS {
        return None;
    }
    let end = buf.iter().position(|u| *u == 0).unwrap_or(buf.len());
    let name = String::from_utf16_lossy(buf.get(..end)?);
    (!name.is_empty()).then_some(name)
}

/// The IP address in a `SOCKET_ADDRESS`, from its raw bytes.
///
/// # Safety
/// `sa.lpSockaddr` is null or points to `sa.iSockaddrLength` readable bytes.
unsafe fn socket_ip(sa: &SOCKET_ADDRESS) -> Option<IpAddr> {
    let len = usize::try_from(sa.iSockaddrLength).ok()?.min(128);
    if sa.lpSockaddr.is_null() {
        return None;
    }
    // SAFETY: the caller's contract; `len` is capped at the largest sockaddr.
    let bytes = unsafe { std::slice::from_raw_parts(sa.lpSockaddr.cast::<u8>(), len) };
    ip_from_sockaddr(bytes)
}

/// An address from `sockaddr_in` / `sockaddr_in6` bytes: the family (2 or 23, little-endian)
/// at 0, the IPv4 address at 4..8, the IPv6 address at 8..24.
fn ip_from_sockaddr(bytes: &[u8]) -> Option<IpAddr> {
    let family = u16::from_le_bytes([*bytes.first()?, *bytes.get(1)?]);
    match family {
        2 => {
            let b: [u8; 4] = bytes.get(4..8)?.try_into().ok()?;
            Some(IpAddr::V4(Ipv4Addr::from(b)))
        }
        23 => {
            let b: [u8; 16] = bytes.get(8..24)?.try_into().ok()?;
            Some(IpAddr::V6(Ipv6Addr::from(b)))
        }
        _ => None,
    }
}

fn interfaces() -> Result<Vec<InterfaceAddr>, SourceError> {
    let mut out = Vec::new();
    for (index, a) in adapters()? {
        for addr in a.addresses {
            let mut i = InterfaceAddr::new(a.name.clone(), addr.ip, addr.prefix_len);
            i.index = Some(index);
            out.push(i);
        }
    }
    Ok(out)
}

/// `dmDisplayOrientation` as the clockwise rotation of the content: `DMDO_90` turns the
/// content a quarter *counter*-clockwise (Windows' "Portrait"), so it is 270.
fn clockwise_degrees(dmdo: u32) -> Option<u16> {
    match dmdo {
        0 => Some(0),
        1 => Some(270),
        2 => Some(180),
        3 => Some(90),
        _ => None,
    }
}

fn display() -> Result<DisplayInfo, SourceError> {
    let mut mode = DEVMODEW {
        dmSize: u16::try_from(size_of::<DEVMODEW>()).unwrap_or(0),
        ..Default::default()
    };
    // SAFETY: a null device name means the primary display; `mode` is a DEVMODEW whose size
    // field says so, filled in place.
    let ok = unsafe { EnumDisplaySettingsW(ptr::null(), ENUM_CURRENT_SETTINGS, &mut mode) };
    if ok == 0 {
        return Err(SourceError::NotFound);
    }
    // A mode that does not say its orientation gives no rotation (Windows and Wine set it).
    if mode.dmFields & DM_DISPLAYORIENTATION == 0 {
        return Err(SourceError::NotFound);
    }
    // SAFETY: for a display device the union holds the display member; both members are
    // plain data, so reading it is defined either way.
    let dmdo = unsafe { mode.Anonymous1.Anonymous2.dmDisplayOrientation };
    let rotation = clockwise_degrees(dmdo).ok_or(SourceError::Malformed)?;
    Ok(DisplayInfo::new(
        mode.dmPelsWidth,
        mode.dmPelsHeight,
        rotation,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockaddr_bytes() {
        let v4 = [2, 0, 0, 0, 192, 0, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(ip_from_sockaddr(&v4), Some("192.0.2.7".parse().unwrap()));
        let mut v6 = [0u8; 28];
        v6[0] = 23;
        v6[8] = 0x20;
        v6[9] = 0x01;
        v6[10] = 0x0d;
        v6[11] = 0xb8;
        v6[23] = 1;
        assert_eq!(ip_from_sockaddr(&v6), Some("2001:db8::1".parse().unwrap()));
        assert_eq!(ip_from_sockaddr(&[2, 0, 0]), None);
        assert_eq!(ip_from_sockaddr(&[]), None);
        assert_eq!(ip_from_sockaddr(&[17, 0, 0, 0, 0, 0, 0, 0]), None);
    }

    #[test]
    fn orientation_codes() {
        assert_eq!(clockwise_degrees(0), Some(0));
        assert_eq!(clockwise_degrees(1), Some(270));
        assert_eq!(clockwise_degrees(3), Some(90));
        assert_eq!(clockwise_degrees(4), None);
    }

    #[test]
    fn hklm_keys() {
        assert_eq!(hklm_subkey(r"HKLM\HARDWARE"), Some("HARDWARE"));
        assert_eq!(hklm_subkey(r"HKCU\Software"), None);
    }

    #[test]
    fn live_registry_and_kernel_agree_on_the_build() {
        // Neither Windows nor Wine shims RtlGetVersion for this test program.
        let kernel = kernel_version().unwrap();
        let build = registry(
            r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion",
            "CurrentBuildNumber",
        );
        assert_eq!(
            build,
            Ok(crate::source::RegValue::Sz(kernel.build.to_string()))
        );
        assert!(matches!(kernel.product_type, 1..=3), "{kernel:?}");
        let missing = registry(r"HKLM\SOFTWARE\devprobe-test-missing", "Nope");
        assert_eq!(missing, Err(SourceError::NotFound));
        // Identifiers are refused by `Live::query` (the deny rules), before this backend runs.
        let guid = crate::source::Query::Registry(
            r"HKLM\SOFTWARE\Microsoft\Cryptography".into(),
            "MachineGuid".into(),
        );
        assert_eq!(
            crate::source::Source::query(&crate::source::Live::default(), &guid),
            Err(SourceError::Unsupported)
        );
    }

    #[test]
    fn live_adapters_include_the_loopback_by_its_generic_name() {
        let list = adapters().unwrap();
        assert!(
            list.iter()
                .any(|(_, a)| a.if_type == 24 && a.name.starts_with("loopback_")),
            "{list:?}"
        );
    }
}
