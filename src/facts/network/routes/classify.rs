//! What kind of link an interface is, from sysfs evidence (`/sys/class/net/IF/...`): `type`,
//! `uevent` `DEVTYPE`, `wireless/`, `phy80211`, `tun_flags`, `device`, `brif/`, `lower_*`,
//! `operstate`, `carrier`. The interface name is a last resort, used only when sysfs says
//! nothing. Never reads `address` (the MAC).

use std::collections::{HashMap, HashSet};

use crate::parse::route::is_interface_name;
use crate::parse::uevent::devtype;
use crate::report::ConnectionType;
use crate::source::{Query, Source, SourceError};

/// How deep bridges, VLANs and bonds are followed to the link under them.
const MAX_DEPTH: u8 = 4;
/// The most bridge members or lower links looked at for one interface.
const MAX_MEMBERS: usize = 64;

/// The kind of one interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::facts::network) enum Kind {
    Loopback,
    Wifi,
    Cell,
    /// Ethernet framing; `physical` when a `device` link shows real hardware behind it
    /// (veth and other virtual Ethernet have none).
    Ethernet {
        physical: bool,
    },
    /// tun, tap, PPP, WireGuard, IP-in-IP and GRE tunnels.
    Tunnel,
    /// A bridge and the names of its member ports.
    Bridge(Vec<String>),
    /// A VLAN, bond, macvlan or similar stacked on the named lower links.
    Stacked {
        lower: Vec<String>,
        vlan: bool,
    },
    Unknown,
}

// ARPHRD_* values from <linux/if_arp.h> (and Android kernels for the raw-IP ones).
const ARPHRD_ETHER: u32 = 1;
const ARPHRD_INFINIBAND: u32 = 32;
const ARPHRD_PPP: u32 = 512;
const ARPHRD_RAWIP: u32 = 519;
const ARPHRD_PUREIP: u32 = 520;
const ARPHRD_RAWIP_MSM: u32 = 530;
const ARPHRD_TUNNEL: u32 = 768;
const ARPHRD_TUNNEL6: u32 = 769;
const ARPHRD_LOOPBACK: u32 = 772;
const ARPHRD_SIT: u32 = 776;
const ARPHRD_IPGRE: u32 = 778;
const ARPHRD_IEEE80211: u32 = 801;
const ARPHRD_IEEE80211_RADIOTAP: u32 = 803;
const ARPHRD_IP6GRE: u32 = 823;
const ARPHRD_NONE: u32 = 65534;

/// Reads and remembers what sysfs says about interfaces during one probe run.
pub(in crate::facts::network) struct Links<'a> {
    source: &'a dyn Source,
    kinds: HashMap<String, Kind>,
    /// Links known not to be physical from a reading that did not tell a tap from a veth
    /// (both virtual): [`Links::is_physical`] needs no more.
    virtual_links: HashSet<String>,
    up: HashMap<String, bool>,
}

impl<'a> Links<'a> {
    pub(in crate::facts::network) fn new(source: &'a dyn Source) -> Links<'a> {
        Links {
            source,
            kinds: HashMap::new(),
            virtual_links: HashSet::new(),
            up: HashMap::new(),
        }
    }

    /// Whether the interface is operationally up: `operstate` `up`, or `unknown` (tun,
    /// WireGuard, loopback) with a carrier. Unreadable state counts as up: the route that
    /// names the interface is then the only evidence.
    pub(in crate::facts::network) fn is_up(&mut self, name: &str) -> bool {
        if let Some(up) = self.up.get(name) {
            return *up;
        }
        let up = is_interface_name(name) && self.read_up(name);
        self.up.insert(name.to_owned(), up);
        up
    }

    fn read_up(&self, name: &str) -> bool {
        let Ok(state) = self.source.text(&sysfs(name, "/operstate")) else {
            return true;
        };
        match state.trim() {
            "up" => true,
            "unknown" | "" => !matches!(
                self.source
                    .text(&sysfs(name, "/carrier"))
                    .as_deref()
                    .map(str::trim),
                Ok("0")
            ),
            _ => false,
        }
    }

    /// The interface's kind.
    pub(in crate::facts::network) fn kind(&mut self, name: &str) -> Kind {
        if let Some(k) = self.kinds.get(name) {
            return k.clone();
        }
        let kind = if is_interface_name(name) {
            self.read_kind(name, true)
        } else {
            Kind::Unknown
        };
        self.kinds.insert(name.to_owned(), kind.clone());
        kind
    }

    /// Reads the kind from fixed paths: `uevent` (`DEVTYPE`), `type`, then only the entries
    /// whose presence decides what those two left open. A folder listing is made only to
    /// name the lower links of a link whose `DEVTYPE` says it is stacked, and when neither
    /// `uevent` nor `type` can be read (the listing then decides, as it always did). An
    /// Ethernet-framed link with neither a `DEVTYPE` nor a `device` is virtual Ethernet (a
    /// veth): a master the kernel gives no `DEVTYPE` (`ovs-system`) is no longer followed to
    /// its lower links.
    ///
    /// `tap`: whether a virtual Ethernet link must be told from a tap (`tun_flags`); without
    /// it, a tap is answered as virtual Ethernet.
    fn read_kind(&self, name: &str, tap: bool) -> Kind {
        let mut path = sysfs(name, "/");
        let base_len = path.len();
        let mut at = |leaf: &str| -> String {
            path.truncate(base_len);
            path.push_str(leaf);
            path.clone()
        };
        let uevent = self.source.text(&at("uevent"));
        let dev = uevent.as_deref().ok().and_then(devtype);
        match dev.as_deref() {
            Some("wlan") => return Kind::Wifi,
            Some("wwan") => return Kind::Cell,
            Some("wireguard") => return Kind::Tunnel,
            Some("bridge") => return Kind::Bridge(self.members(&sysfs(name, ""))),
            Some("vlan") => return self.stacked(name, true),
            Some("bond" | "team" | "macvlan" | "macvtap" | "ipvlan" | "dsa") => {
                return self.stacked(name, false);
            }
            Some("gadget") => return Kind::Ethernet { physical: true },
            _ => {}
        }
        let link_type = self.source.text(&at("type"));
        if uevent.is_err() && link_type.is_err() {
            return self.read_kind_listed(name);
        }
        let link_type = link_type.ok().and_then(|t| t.trim().parse::<u32>().ok());
        match link_type {
            Some(ARPHRD_LOOPBACK) => return Kind::Loopback,
            Some(ARPHRD_RAWIP | ARPHRD_PUREIP | ARPHRD_RAWIP_MSM) => return Kind::Cell,
            Some(
                ARPHRD_PPP | ARPHRD_NONE | ARPHRD_TUNNEL | ARPHRD_TUNNEL6 | ARPHRD_SIT
                | ARPHRD_IPGRE | ARPHRD_IP6GRE,
            ) => return Kind::Tunnel,
            Some(ARPHRD_IEEE80211..=ARPHRD_IEEE80211_RADIOTAP) => return Kind::Wifi,
            Some(ARPHRD_INFINIBAND) => return Kind::Ethernet { physical: true },
            _ => {}
        }
        if uevent.is_ok() && link_type == Some(ARPHRD_ETHER) {
            return self.plain_ethernet(name, tap, &mut at);
        }
        // Another type, or none, and no `uevent` (a snapshot may hold only some files): a
        // tap, a Wi-Fi link or a bridge show only by an entry.
        if self.has(at("tun_flags")) {
            return Kind::Tunnel;
        }
        if self.has(at("wireless")) || self.has_link(at("phy80211")) {
            return Kind::Wifi;
        }
        if self.has(at("brif")) || self.has(at("bridge")) {
            return Kind::Bridge(self.members(&sysfs(name, "")));
        }
        match link_type {
            None => by_name(name),
            Some(ARPHRD_ETHER) if self.has_link(at("device")) => Kind::Ethernet { physical: true },
            Some(ARPHRD_ETHER) => virtual_ethernet(name),
            Some(_) => Kind::Unknown,
        }
    }

    /// An Ethernet-framed link whose `uevent` has no deciding `DEVTYPE`. The kernel gives
    /// every cfg80211 link `DEVTYPE=wlan` and every bridge `DEVTYPE=bridge`, so two entries
    /// are left to look for, one on each side of `device`: hardware may be a Wi-Fi card of a
    /// driver with wireless extensions only (`wireless`), no hardware may be a tap
    /// (`tun_flags`, asked only when `tap`). Two questions either way.
    fn plain_ethernet(&self, name: &str, tap: bool, at: &mut impl FnMut(&str) -> String) -> Kind {
        if self.has_link(at("device")) {
            if self.has(at("wireless")) {
                Kind::Wifi
            } else {
                Kind::Ethernet { physical: true }
            }
        } else if tap && self.has(at("tun_flags")) {
            Kind::Tunnel
        } else {
            virtual_ethernet(name)
        }
    }

    /// Whether the link `path` is there (`device`, `phy80211`): asked as a link, since a
    /// capture may hold one whose target lies outside it. The target is not looked at.
    fn has_link(&self, path: String) -> bool {
        !matches!(
            self.source.query(&Query::Link(path)),
            Err(SourceError::NotFound | SourceError::Unsupported | SourceError::TimedOut)
        )
    }

    /// Whether the entry `path` is there, asked as a file whatever it is: a folder answers
    /// [`SourceError::WrongKind`] without its entries being listed, and a capture keeps it as
    /// an empty folder. Something
    /// standing there counts; a refused or timed-out question does not.
    fn has(&self, path: String) -> bool {
        !matches!(
            self.source.query(&Query::File(path)),
            Err(SourceError::NotFound | SourceError::Unsupported | SourceError::TimedOut)
        )
    }

    /// A stacked link on the lower links its folder names (`lower_*`), which only a listing
    /// shows; none when the folder cannot be listed.
    fn stacked(&self, name: &str, vlan: bool) -> Kind {
        let lower = match self.source.dir(&sysfs(name, "")) {
            Ok(entries) => lower_links(&entries),
            Err(_) => Vec::new(),
        };
        Kind::Stacked { lower, vlan }
    }

    /// The kind from the folder's listing, when neither `uevent` nor `type` could be read.
    fn read_kind_listed(&self, name: &str) -> Kind {
        let base = sysfs(name, "");
        let entries = match self.source.dir(&base) {
            Ok(e) => e,
            Err(_) => return by_name(name),
        };
        let has = |e: &str| entries.iter().any(|n| n == e);
        if has("tun_flags") {
            return Kind::Tunnel;
        }
        if has("wireless") || has("phy80211") {
            return Kind::Wifi;
        }
        if has("brif") || has("bridge") {
            return Kind::Bridge(self.members(&base));
        }
        by_name(name)
    }

    fn members(&self, base: &str) -> Vec<String> {
        match self.source.dir(&format!("{base}/brif")) {
            Ok(names) => names
                .into_iter()
                .filter(|n| is_interface_name(n))
                .take(MAX_MEMBERS)
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The access type of traffic sent on `name`: a bridge, VLAN or bond reports the link
    /// under it; tunnels, loopback and links of unknown kind are [`ConnectionType::Unknown`].
    pub(in crate::facts::network) fn access(&mut self, name: &str) -> ConnectionType {
        self.resolve(name, 0)
            .map_or(ConnectionType::Unknown, |(t, _)| t)
    }

    /// Whether `name` is a physical access link (Wi-Fi, cellular, Ethernet with hardware
    /// behind it, or a VLAN/bond on one): never a bridge, veth, tunnel or loopback.
    pub(in crate::facts::network) fn is_physical(&mut self, name: &str) -> bool {
        if !self.kinds.contains_key(name) {
            if self.virtual_links.contains(name) {
                return false;
            }
            // A tap and a veth are both virtual: `tun_flags` is not asked here. Any other
            // answer is the link's kind.
            let kind = if is_interface_name(name) {
                self.read_kind(name, false)
            } else {
                Kind::Unknown
            };
            if kind == (Kind::Ethernet { physical: false }) {
                self.virtual_links.insert(name.to_owned());
                return false;
            }
            self.kinds.insert(name.to_owned(), kind);
        }
        match self.kind(name) {
            Kind::Wifi | Kind::Cell | Kind::Ethernet { physical: true } => true,
            Kind::Stacked { .. } => self.resolve(name, 0).is_some_and(|(_, physical)| physical),
            _ => false,
        }
    }

    /// Whether `name` is the loopback interface, which never carries Internet traffic. Its
    /// name is fixed by the kernel, so no sysfs read is needed.
    pub(in crate::facts::network) fn is_loopback_name(&self, name: &str) -> bool {
        name == "lo"
    }

    /// Whether `name` is a tunnel.
    pub(in crate::facts::network) fn is_tunnel(&mut self, name: &str) -> bool {
        self.kind(name) == Kind::Tunnel
    }

    /// The access type under `name` and whether it is physical.
    fn resolve(&mut self, name: &str, depth: u8) -> Option<(ConnectionType, bool)> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.kind(name) {
            Kind::Wifi => Some((ConnectionType::Wifi, true)),
            Kind::Cell => Some((ConnectionType::Cell, true)),
            Kind::Ethernet { physical } => Some((ConnectionType::Wired, physical)),
            Kind::Bridge(members) => self.best_of(&members, depth),
            Kind::Stacked { lower, vlan } => match self.best_of(&lower, depth) {
                Some(found) => Some(found),
                None if vlan => Some((ConnectionType::Wired, false)),
                None => None,
            },
            Kind::Tunnel | Kind::Loopback | Kind::Unknown => None,
        }
    }

    /// The best link among bridge members or lower links: a physical one first, then any
    /// that resolves (a veth is wired). Tunnels (VM taps) never count.
    fn best_of(&mut self, names: &[String], depth: u8) -> Option<(ConnectionType, bool)> {
        let mut fallback = None;
        for n in names {
            match self.resolve(n, depth + 1) {
                Some((t, true)) => return Some((t, true)),
                Some(found) if fallback.is_none() => fallback = Some(found),
                _ => {}
            }
        }
        fallback
    }
}

/// Ethernet framing without hardware behind it: a veth, or a modem driver that registers as
/// Ethernet (older MediaTek ccmni, some rmnet). Only a modem's name can tell those apart.
fn virtual_ethernet(name: &str) -> Kind {
    if is_cell_name(name) {
        Kind::Cell
    } else {
        Kind::Ethernet { physical: false }
    }
}

/// The interface names of the `lower_*` entries of a listing, at most [`MAX_MEMBERS`].
fn lower_links(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .filter_map(|n| n.strip_prefix("lower_"))
        .filter(|n| is_interface_name(n))
        .take(MAX_MEMBERS)
        .map(str::to_owned)
        .collect()
}

/// `/sys/class/net/NAME` followed by `leaf` (`""`, `"/type"`), built without the formatter.
fn sysfs(name: &str, leaf: &str) -> String {
    const DIR: &str = "/sys/class/net/";
    let mut path = String::with_capacity(DIR.len() + name.len() + leaf.len());
    path.push_str(DIR);
    path.push_str(name);
    path.push_str(leaf);
    path
}

fn is_cell_name(name: &str) -> bool {
    ["rmnet", "ccmni", "wwan", "rev_rmnet", "qmimux", "mhi_hwip"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// The last resort when sysfs says nothing about `name` (no such directory, or unreadable, as
/// for apps on recent Android): conventional names.
fn by_name(name: &str) -> Kind {
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| name.starts_with(p));
    if name == "lo" {
        Kind::Loopback
    } else if is_cell_name(name) {
        Kind::Cell
    } else if starts(&["wlan", "wlp", "wlx", "wifi"]) {
        Kind::Wifi
    } else if starts(&[
        "tun",
        "tap",
        "wg",
        "ppp",
        "ipsec",
        "utun",
        "tailscale",
        "nordlynx",
    ]) {
        Kind::Tunnel
    } else if starts(&[
        "docker", "virbr", "br-", "br", "lxcbr", "cni", "vmnet", "vboxnet",
    ]) {
        Kind::Bridge(Vec::new())
    } else if starts(&["veth", "vnet", "cali", "flannel"]) {
        Kind::Ethernet { physical: false }
    } else if starts(&["eth", "enp", "eno", "ens", "enx", "em"]) {
        Kind::Ethernet { physical: true }
    } else {
        Kind::Unknown
    }
}
