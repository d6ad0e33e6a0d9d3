//! Sources: the only way a probe reads anything.
//!
//! A [`Source`] answers [`Query`]s — files, directory listings, symlinks, Android properties,
//! Apple sysctls, Windows registry values, the interface list, the display — with raw data.
//! Three implementations: [`Live`] (the running machine; the only code that touches the OS),
//! [`Snapshot`] (a captured or built device, for tests and replays) and [`Recording`] (wraps
//! another source and records every query, for `--capture` and for proving what was read).

use std::cell::Cell;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::host::HostFacts;
use crate::platform::Platform;

pub(crate) mod deny;
mod guard;
pub(crate) mod inline;
mod live;
mod recording;
mod scrub;
mod snapshot;
mod web;
mod workers;

pub use crate::parse::reg_data::RegValue;
pub use crate::parse::route_table::{Prefix, RouteEntry, RouteKind, RuleAction, RuleEntry};
pub(crate) use guard::{Cancel, Generation, Guarded, Trust};
pub use live::Live;
pub use recording::{Recorded, Recording};
pub use snapshot::{Snapshot, SnapshotEntry};
pub use web::{
    ClientHints, Connection, ScreenOrientation, Viewport, WebAnswer, WebQuery, WebValues, WxDevice,
    WxMotion, WxNetwork,
};
pub(crate) use workers::spawn as spawn_worker;

/// The most bytes read from an ordinary file (sysfs values, os-release, build.prop): 64 KiB.
/// A longer file is answered with [`SourceError::TooLarge`], never half-read.
pub const FILE_LIMIT: usize = 64 * 1024;

/// The most bytes read from a table file (`/proc/net/route`, `/proc/net/ipv6_route`): 16 MiB,
/// room for 100,000 routes.
pub const TABLE_LIMIT: usize = 16 * 1024 * 1024;

/// The most bytes one snapshot loaded with [`Snapshot::from_dir`] reads in all, top-level
/// files and `fs/` files together: 64 MiB. A read that would pass it is refused
/// ([`SourceError::Io`]); each file is read at most once, so this also bounds its memory.
pub const SNAPSHOT_READ_BUDGET: usize = 64 * 1024 * 1024;

/// The read cap for `path`: [`TABLE_LIMIT`] for route tables, [`FILE_LIMIT`] otherwise.
pub fn read_limit(path: &str) -> usize {
    if path.starts_with("/proc/net/") {
        TABLE_LIMIT
    } else {
        FILE_LIMIT
    }
}

/// One question to a source. Paths are absolute, as on the device (`/etc/os-release`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "query", content = "name")]
#[non_exhaustive]
pub enum Query {
    /// A file's bytes, capped by [`read_limit`].
    File(String),
    /// A directory's entry names, sorted.
    Dir(String),
    /// A symbolic link's target, as stored.
    Link(String),
    /// An Android system property (`ro.product.model`).
    Property(String),
    /// An Apple sysctl by name (`hw.model`).
    Sysctl(String),
    /// A Windows registry value: key path and value name
    /// (`HKLM\HARDWARE\DESCRIPTION\System\BIOS`, `SystemManufacturer`).
    Registry(String, String),
    /// The Windows kernel's version (`RtlGetVersion`) and product type.
    WindowsVersion,
    /// Every interface address (from `getifaddrs`/`GetAdaptersAddresses`), without MACs.
    Interfaces,
    /// Every network adapter with its type, state, addresses, metrics and default gateways
    /// (Windows `GetAdaptersAddresses`), without MACs or user-chosen names.
    Adapters,
    /// The primary display's size and rotation.
    Display,
    /// Every route of every table, both families: Linux one rtnetlink `RTM_GETROUTE` dump
    /// (`ip_route.txt`, `ip6_route.txt` in snapshots: `ip [-6] route show table all`), Apple
    /// the `NET_RT_DUMP` sysctl (`netstat_rn.txt`: `netstat -rn` output).
    Routes,
    /// Every policy routing rule, both families: Linux one rtnetlink `RTM_GETRULE` dump
    /// (`ip_rule.txt`, `ip6_rule.txt` in snapshots: `ip [-6] rule show`).
    Rules,
    /// A value of a JavaScript host: a browser or a WeChat mini-program.
    Web(WebQuery),
}

impl Query {
    /// The path or name the query is about, or `""` for the whole-system queries.
    pub fn name(&self) -> &str {
        match self {
            Query::File(p) | Query::Dir(p) | Query::Link(p) => p,
            Query::Property(n) | Query::Sysctl(n) => n,
            Query::Registry(_, v) => v,
            Query::WindowsVersion
            | Query::Interfaces
            | Query::Adapters
            | Query::Display
            | Query::Routes
            | Query::Rules
            | Query::Web(_) => "",
        }
    }
}

/// What `RtlGetVersion` says, plus the product type (`VER_NT_WORKSTATION` = 1,
/// `VER_NT_DOMAIN_CONTROLLER` = 2, `VER_NT_SERVER` = 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WindowsVersion {
    /// Major version, e.g. 10.
    pub major: u32,
    /// Minor version, e.g. 0.
    pub minor: u32,
    /// Build number, e.g. 22631.
    pub build: u32,
    /// `wProductType`: 1 workstation, 2 domain controller, 3 server.
    pub product_type: u8,
}

impl WindowsVersion {
    /// A version record, e.g. `WindowsVersion::new(10, 0, 22631, 1)`.
    pub fn new(major: u32, minor: u32, build: u32, product_type: u8) -> Self {
        WindowsVersion {
            major,
            minor,
            build,
            product_type,
        }
    }
}

/// One address of one interface, as the interface list gives it (no MAC, no host name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InterfaceAddr {
    /// Interface name, e.g. `"eth0"`.
    pub name: String,
    /// Interface index, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// The address.
    pub ip: IpAddr,
    /// The prefix length, e.g. 24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_len: Option<u8>,
}

impl InterfaceAddr {
    /// An address record, e.g. `InterfaceAddr::new("eth0", "192.0.2.7".parse()?, Some(24))`.
    pub fn new(name: impl Into<String>, ip: IpAddr, prefix_len: Option<u8>) -> Self {
        InterfaceAddr {
            name: name.into(),
            index: None,
            ip,
            prefix_len,
        }
    }
}

/// One network adapter as Windows' `GetAdaptersAddresses` describes it: no MAC address, no
/// friendly name or description (those can carry names the user chose).
///
/// `adapters.json` in a snapshot holds a list of these:
/// `{"name": "wireless_32768", "if_type": 71, "up": true, "addresses": [{"ip": "192.0.2.7",
/// "prefix_len": 24}], "ipv4_metric": 35, "ipv4_gateway": true, "hardware": true,
/// "physical_medium": 9, "media_type": 0}`. The last three come from `MIB_IF_ROW2`
/// (`GetIfEntry2`) and may be absent (older snapshots): the adapter is then judged by its
/// `if_type` alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdapterInfo {
    /// The interface's generic name from its LUID (`ConvertInterfaceLuidToNameW`), e.g.
    /// `"wireless_32768"`, `"ethernet_32769"`; never the friendly name.
    pub name: String,
    /// The IANA `ifType`: 6 ethernet, 71 IEEE 802.11, 243/244 WWAN, 131 tunnel, 23 PPP,
    /// 24 loopback, 53 virtual.
    pub if_type: u32,
    /// Whether `OperStatus` is `IfOperStatusUp`.
    pub up: bool,
    /// Unicast addresses with their on-link prefix length.
    #[serde(default)]
    pub addresses: Vec<AdapterAddress>,
    /// IPv4 interface metric (lower is preferred), when IPv4 is enabled on the adapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4_metric: Option<u32>,
    /// IPv6 interface metric (lower is preferred), when IPv6 is enabled on the adapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_metric: Option<u32>,
    /// Whether the adapter has an IPv4 default gateway.
    #[serde(default)]
    pub ipv4_gateway: bool,
    /// Whether the adapter has an IPv6 default gateway.
    #[serde(default)]
    pub ipv6_gateway: bool,
    /// `MIB_IF_ROW2.InterfaceAndOperStatusFlags.HardwareInterface`: `true` for a NIC with
    /// hardware behind it, `false` for a virtual one (TAP-Windows, Hyper-V vEthernet, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware: Option<bool>,
    /// `MIB_IF_ROW2.PhysicalMediumType` (`NDIS_PHYSICAL_MEDIUM`): 0 unspecified, 1 wireless
    /// LAN, 8 wireless WAN, 9 native 802.11, 14 802.3, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_medium: Option<u32>,
    /// `MIB_IF_ROW2.MediaType` (`NDIS_MEDIUM`): 0 802.3, 16 native 802.11, 19 IP (a layer-3
    /// virtual adapter such as Wintun), ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<u32>,
    /// The cost of the network the adapter's default route reaches, where Windows says
    /// (`GetNetworkConnectivityHint`, the network of the preferred default route), e.g.
    /// `{"level": "variable", "approaching_data_limit": true}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<ConnectionCost>,
}

/// What Windows says a network costs (`NL_NETWORK_CONNECTIVITY_HINT`, the values of
/// `NLM_CONNECTION_COST`), e.g. `{"level": "fixed", "over_data_limit": true}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConnectionCost {
    /// The cost level.
    pub level: CostLevel,
    /// Near the plan's data limit (`ApproachingDataLimit`).
    #[serde(default)]
    pub approaching_data_limit: bool,
    /// Over the plan's data limit (`OverDataLimit`).
    #[serde(default)]
    pub over_data_limit: bool,
    /// Roaming (`Roaming`), which bills by use whatever the level.
    #[serde(default)]
    pub roaming: bool,
}

/// `NL_NETWORK_CONNECTIVITY_COST_HINT`: `"unknown"`, `"unrestricted"`, `"fixed"`, `"variable"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CostLevel {
    /// Windows does not know.
    #[default]
    Unknown,
    /// Free to use (`NLM_CONNECTION_COST_UNRESTRICTED`).
    Unrestricted,
    /// Up to a data cap (`NLM_CONNECTION_COST_FIXED`).
    Fixed,
    /// Billed by use (`NLM_CONNECTION_COST_VARIABLE`).
    Variable,
}

impl ConnectionCost {
    /// A cost of `level` without flags.
    pub const fn new(level: CostLevel) -> ConnectionCost {
        ConnectionCost {
            level,
            approaching_data_limit: false,
            over_data_limit: false,
            roaming: false,
        }
    }
}

impl AdapterInfo {
    /// An adapter with no addresses, metrics or gateways yet, e.g.
    /// `AdapterInfo::new("wireless_32768", 71, true)`.
    pub fn new(name: impl Into<String>, if_type: u32, up: bool) -> Self {
        AdapterInfo {
            name: name.into(),
            if_type,
            up,
            addresses: Vec::new(),
            ipv4_metric: None,
            ipv6_metric: None,
            ipv4_gateway: false,
            ipv6_gateway: false,
            hardware: None,
            physical_medium: None,
            media_type: None,
            cost: None,
        }
    }
}

/// One unicast address of an [`AdapterInfo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdapterAddress {
    /// The address, e.g. `192.0.2.7`.
    pub ip: IpAddr,
    /// The on-link prefix length, e.g. 24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_len: Option<u8>,
}

impl AdapterAddress {
    /// An address record, e.g. `AdapterAddress::new("192.0.2.7".parse()?, Some(24))`.
    pub fn new(ip: IpAddr, prefix_len: Option<u8>) -> Self {
        AdapterAddress { ip, prefix_len }
    }
}

/// The primary display: size in pixels and the rotation the OS applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisplayInfo {
    /// Width in pixels as currently shown (after rotation).
    pub width: u32,
    /// Height in pixels as currently shown (after rotation).
    pub height: u32,
    /// Clockwise rotation from the display's native orientation: 0, 90, 180 or 270.
    pub rotation_degrees: u16,
}

impl DisplayInfo {
    /// A display record, e.g. `DisplayInfo::new(1920, 1080, 0)`.
    pub fn new(width: u32, height: u32, rotation_degrees: u16) -> Self {
        DisplayInfo {
            width,
            height,
            rotation_degrees,
        }
    }
}

/// An answer to a [`Query`]; its variant follows the query's kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Answer {
    /// For [`Query::File`].
    Bytes(Vec<u8>),
    /// For [`Query::Dir`].
    Names(Vec<String>),
    /// For [`Query::Link`], [`Query::Property`], [`Query::Sysctl`].
    Text(String),
    /// For [`Query::Registry`].
    Registry(RegValue),
    /// For [`Query::WindowsVersion`].
    WindowsVersion(WindowsVersion),
    /// For [`Query::Interfaces`].
    Interfaces(Vec<InterfaceAddr>),
    /// For [`Query::Adapters`].
    Adapters(Vec<AdapterInfo>),
    /// For [`Query::Display`].
    Display(DisplayInfo),
    /// For [`Query::Routes`].
    Routes(Vec<RouteEntry>),
    /// For [`Query::Rules`].
    Rules(Vec<RuleEntry>),
    /// For [`Query::Web`].
    Web(WebAnswer),
}

/// Why a source could not answer. Each maps to the [`OmitReason`](crate::OmitReason) of the
/// fields that needed it ([`SourceError::omit_reason`], decided by the fact layer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SourceError {
    /// No such file, property, value or device.
    #[error("not found")]
    NotFound,
    /// The OS refused access.
    #[error("permission denied")]
    PermissionDenied,
    /// A directory stands where a file was expected, or the other way round.
    #[error("wrong kind of entry")]
    WrongKind,
    /// Longer than the read cap.
    #[error("larger than the read cap")]
    TooLarge,
    /// Present but not of the expected type or shape (a registry DWORD where a string belongs).
    #[error("malformed value")]
    Malformed,
    /// Another I/O error, with its kind.
    #[error("i/o error: {0}")]
    Io(String),
    /// This source cannot answer this kind of query on this platform.
    #[error("unsupported on this platform")]
    Unsupported,
    /// The answer did not come within the collect deadline.
    #[error("timed out")]
    TimedOut,
}

/// [`Source::device_key`] of every [`Live`] source: the machine this process runs on.
pub const THIS_MACHINE: usize = 1;

/// Where probes read raw facts from. Implementations must be thread-safe and must never panic.
pub trait Source: Send + Sync {
    /// The platform whose facts this source gives.
    fn platform(&self) -> Platform;

    /// Answers one query.
    ///
    /// # Errors
    /// A [`SourceError`] saying why there is no answer; the probe turns it into an omission.
    fn query(&self, query: &Query) -> Result<Answer, SourceError>;

    /// Values the host pushed that this source carries (a snapshot's `host.json`). Live sources
    /// carry none: the collector holds what the host pushes.
    fn host_facts(&self) -> HostFacts {
        HostFacts::default()
    }

    /// A feed of the OS's network change signals, for
    /// [`Collector::subscribe`](crate::Collector::subscribe); `None` (the default) makes
    /// subscriptions poll.
    ///
    /// | source | feed |
    /// |---|---|
    /// | [`Live`] on Linux | an rtnetlink socket (link, address and route groups) |
    /// | [`Live`] elsewhere, [`Snapshot`] | none |
    fn network_changes(&self) -> Option<Box<dyn ChangeFeed>> {
        None
    }

    /// Which device this source reads, for the collect deadline: a read found hung on one
    /// source is not asked again, by any collector of the process, of a source with the same
    /// key. By default each source is its own device (its address); every [`Live`] source
    /// reads the one machine and returns [`THIS_MACHINE`] (which also shares, process-wide,
    /// which of its reads are fast), and a wrapper ([`Recording`]) has the key of the source it
    /// wraps.
    fn device_key(&self) -> usize {
        std::ptr::from_ref(self).cast::<()>() as usize
    }

    /// Whether `query` is answered from memory — the kernel's or this process's — never waiting
    /// on a disk that may stall, a network filesystem, a user-space server or a driver, so that
    /// a collect may read it on the caller's thread before it has seen it answer (the collect
    /// deadline then rests on this promise for that read). `false` (the default): a read not
    /// yet seen answering within its grace (a twentieth of the deadline) runs on a worker, waited
    /// for within the deadline. A read that says `true` stays on the caller's thread even when
    /// it was once slow (slow is not hung).
    ///
    /// | source | `true` for |
    /// |---|---|
    /// | [`Live`] on Linux, Android | rtnetlink, `getifaddrs`, system properties; files on procfs, sysfs, tmpfs or a local disk filesystem (per `/proc/self/mountinfo`) |
    /// | [`Live`] on macOS, iOS | sysctls, `getifaddrs`, the routing table |
    /// | [`Live`] on Windows | `RtlGetVersion`, `GetAdaptersAddresses`, `HKLM` values |
    /// | [`Recording`] | what the wrapped source says |
    /// | [`Snapshot`], others | nothing |
    fn answers_from_memory(&self, query: &Query) -> bool {
        let _ = query;
        false
    }

    /// A number that changes whenever an earlier [`answers_from_memory`](Source::answers_from_memory)
    /// answer may no longer hold, e.g. `3`; unitless, only compared for equality. A collector
    /// that has learned which queries read fast forgets it when this moves, and judges each
    /// query again before reading it on the caller's thread (so a FUSE mount that appears over
    /// a path read fast before is never entered there). The read-guard asks it once per
    /// collect, so a change during a collect is seen by the next one.
    ///
    /// | source | changes when |
    /// |---|---|
    /// | [`Live`] on Linux, Android | the mount table changed (`/proc/self/mountinfo` flagged by the kernel, or the process entered another mount namespace), looked at most every 10 ms |
    /// | others | never (`0`) |
    fn memory_generation(&self) -> u64 {
        0
    }
}

/// Signals from the OS that the network configuration changed (a link, an address or a
/// route), without saying what: the subscriber reads the facts again. Dropping it closes it.
pub trait ChangeFeed: Send {
    /// Waits up to `timeout` for a signal and consumes every pending one. Returns whether
    /// there was any.
    ///
    /// # Errors
    /// A [`SourceError`] when the feed broke; the subscriber then falls back to polling.
    fn wait(&mut self, timeout: std::time::Duration) -> Result<bool, SourceError>;

    /// A handle that makes a [`wait`](Self::wait) in progress on another thread (or the next
    /// one) return at once, so a subscriber can sleep in `wait` until its real deadline and
    /// still stop, or take a host push, without delay. `None` (the default): the subscriber
    /// then waits in slices of 100 ms. The Linux rtnetlink feed has one (an `eventfd`).
    fn waker(&self) -> Option<Box<dyn Fn() + Send + Sync>> {
        None
    }

    /// Which mechanism this feed is, for [`Change::via`](crate::Change::via); a feed of
    /// another source says [`Via::Feed`] (the default).
    fn via(&self) -> Via {
        Via::Feed
    }
}

/// How a change reached a subscription, e.g. `"rtnetlink"`: a pushed OS feed, the host, or a
/// poll (where no feed could be opened).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Via {
    /// Linux: an rtnetlink socket (link, address, route and rule groups).
    Rtnetlink,
    /// Windows: `NotifyIpInterfaceChange`, `NotifyRouteChange2`, `NotifyUnicastIpAddressChange`.
    IpHelper,
    /// macOS, iOS: a `PF_ROUTE` socket (`RTM_*` messages).
    RouteSocket,
    /// Another source's [`ChangeFeed`].
    Feed,
    /// The host app's push (`Collector::set_network`, `Collector::set_orientation`).
    Host,
    /// A poll: no feed could be opened (or none exists for this source), or an orientation
    /// poll the subscriber asked for.
    Poll,
    /// Web and mini-program: a page event (`screen.orientation` `change`,
    /// `navigator.connection` `change`, `online`/`offline`, `wx.on*`) on which the binding read
    /// the facts again (`Subscription::check_now`).
    Event,
}

impl<S: Source + ?Sized> Source for &S {
    fn platform(&self) -> Platform {
        (**self).platform()
    }
    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        (**self).query(query)
    }
    fn host_facts(&self) -> HostFacts {
        (**self).host_facts()
    }
    fn network_changes(&self) -> Option<Box<dyn ChangeFeed>> {
        (**self).network_changes()
    }
    fn device_key(&self) -> usize {
        (**self).device_key()
    }
    fn answers_from_memory(&self, query: &Query) -> bool {
        (**self).answers_from_memory(query)
    }
    fn memory_generation(&self) -> u64 {
        (**self).memory_generation()
    }
}

impl<S: Source + ?Sized> Source for std::sync::Arc<S> {
    fn platform(&self) -> Platform {
        (**self).platform()
    }
    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        (**self).query(query)
    }
    fn host_facts(&self) -> HostFacts {
        (**self).host_facts()
    }
    fn network_changes(&self) -> Option<Box<dyn ChangeFeed>> {
        (**self).network_changes()
    }
    fn device_key(&self) -> usize {
        (**self).device_key()
    }
    fn answers_from_memory(&self, query: &Query) -> bool {
        (**self).answers_from_memory(query)
    }
    fn memory_generation(&self) -> u64 {
        (**self).memory_generation()
    }
}

/// Typed shortcuts for probes: each sends one query and checks the answer's kind.
impl dyn Source + '_ {
    /// A file's bytes.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn file(&self, path: &str) -> Result<Vec<u8>, SourceError> {
        match with_query(Query::File, path, |q| self.query(q))? {
            Answer::Bytes(b) => Ok(b),
            _ => Err(SourceError::Malformed),
        }
    }

    /// A file as text: invalid UTF-8 is replaced (U+FFFD), a BOM is dropped.
    ///
    /// # Errors
    /// As `file`.
    pub fn text(&self, path: &str) -> Result<String, SourceError> {
        let text = match String::from_utf8(self.file(path)?) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        })
    }

    /// A directory's entry names, sorted.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn dir(&self, path: &str) -> Result<Vec<String>, SourceError> {
        match with_query(Query::Dir, path, |q| self.query(q))? {
            Answer::Names(n) => Ok(n),
            _ => Err(SourceError::Malformed),
        }
    }

    /// Whether `path` exists as a directory (an unreadable one counts as existing).
    pub fn is_dir(&self, path: &str) -> bool {
        !matches!(
            self.dir(path),
            Err(SourceError::NotFound | SourceError::WrongKind)
        )
    }

    /// A symbolic link's target.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn link(&self, path: &str) -> Result<String, SourceError> {
        with_query(Query::Link, path, |q| self.text_query(q))
    }

    /// An Android system property.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn property(&self, name: &str) -> Result<String, SourceError> {
        with_query(Query::Property, name, |q| self.text_query(q))
    }

    /// An Apple sysctl, as text.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn sysctl(&self, name: &str) -> Result<String, SourceError> {
        with_query(Query::Sysctl, name, |q| self.text_query(q))
    }

    /// A Windows registry value.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn registry(&self, key: &str, value: &str) -> Result<RegValue, SourceError> {
        match self.query(&Query::Registry(key.to_owned(), value.to_owned()))? {
            Answer::Registry(v) => Ok(v),
            _ => Err(SourceError::Malformed),
        }
    }

    /// The Windows kernel version.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn windows_version(&self) -> Result<WindowsVersion, SourceError> {
        match self.query(&Query::WindowsVersion)? {
            Answer::WindowsVersion(v) => Ok(v),
            _ => Err(SourceError::Malformed),
        }
    }

    /// Every interface address.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn interfaces(&self) -> Result<Vec<InterfaceAddr>, SourceError> {
        match self.query(&Query::Interfaces)? {
            Answer::Interfaces(v) => Ok(v),
            _ => Err(SourceError::Malformed),
        }
    }

    /// Every network adapter (Windows).
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn adapters(&self) -> Result<Vec<AdapterInfo>, SourceError> {
        match self.query(&Query::Adapters)? {
            Answer::Adapters(v) => Ok(v),
            _ => Err(SourceError::Malformed),
        }
    }

    /// The primary display.
    ///
    /// # Errors
    /// The source's error; [`SourceError::Malformed`] for an answer of the wrong kind.
    pub fn display(&self) -> Result<DisplayInfo, SourceError> {
        match self.query(&Query::Display)? {
            Answer::Display(d) => Ok(d),
            _ => Err(SourceError::Malformed),
        }
    }

    /// The query `make(path)`, built in this thread's reused buffer (as the typed helpers
    /// build theirs), answered as the source answers it: for questions whose answer's kind
    /// matters less than whether there is one (an entry asked as a file or a link).
    ///
    /// # Errors
    /// The source's error.
    pub(crate) fn ask(&self, make: fn(String) -> Query, path: &str) -> Result<Answer, SourceError> {
        with_query(make, path, |q| self.query(q))
    }

    fn text_query(&self, q: &Query) -> Result<String, SourceError> {
        match self.query(q)? {
            Answer::Text(t) => Ok(t),
            _ => Err(SourceError::Malformed),
        }
    }
}

thread_local! {
    /// The string a helper's query was last built in, kept for the next query of this thread:
    /// the typed helpers take `&str`, and a [`Query`] owns its path.
    static QUERY_BUFFER: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// Runs `ask` with the query `make(name)`, built in this thread's reused buffer: a steady
/// collect builds its queries without allocating. (A query asked from inside another takes an
/// empty buffer and allocates; the buffer kept is the longer of the two.)
fn with_query<R>(make: fn(String) -> Query, name: &str, ask: impl FnOnce(&Query) -> R) -> R {
    let mut buffer = QUERY_BUFFER.try_with(Cell::take).unwrap_or_default();
    buffer.clear();
    // Room for the usual sysfs path at once, rather than growing with the first few.
    buffer.reserve(name.len().max(96));
    buffer.push_str(name);
    let query = make(buffer);
    let answer = ask(&query);
    if let Query::File(b) | Query::Dir(b) | Query::Link(b) | Query::Property(b) | Query::Sysctl(b) =
        query
    {
        let _ = QUERY_BUFFER.try_with(|kept| {
            let other = kept.take();
            kept.set(if other.capacity() > b.capacity() {
                other
            } else {
                b
            });
        });
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers a file with its own path followed by what `inner` holds at `/b`, asked through
    /// the typed helper from inside a helper's query.
    struct Nested(Snapshot);

    impl Source for Nested {
        fn platform(&self) -> Platform {
            Platform::Linux
        }
        fn query(&self, query: &Query) -> Result<Answer, SourceError> {
            let inner: &dyn Source = &self.0;
            let b = inner.file("/b")?;
            Ok(Answer::Bytes([query.name().as_bytes(), &b].concat()))
        }
    }

    #[test]
    fn helper_queries_reuse_their_buffer_and_nest() {
        let nested = Nested(Snapshot::new(Platform::Linux).file("/b", "B"));
        let source: &dyn Source = &nested;
        assert_eq!(source.file("/a/long/path").unwrap(), b"/a/long/pathB");
        assert_eq!(source.file("/x").unwrap(), b"/xB");
        assert_eq!(source.text("/y").unwrap(), "/yB");
        let snap = Snapshot::new(Platform::Linux).file("/etc/os-release", "ID=debian\n");
        let plain: &dyn Source = &snap;
        assert_eq!(plain.text("/etc/os-release").unwrap(), "ID=debian\n");
        assert_eq!(plain.file("/etc/missing"), Err(SourceError::NotFound));
    }
}
