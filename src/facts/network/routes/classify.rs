//! What kind of link an interface is, from sysfs evidence (`/sys/class/net/IF/...`): `type`,
//! `uevent` `DEVTYPE`, `wireless/`, `phy80211`, `tun_flags`, `device`, `brif/`, `lower_*`,
//! `operstate`, `carrier`. The interface name is a last resort, used only when sysfs says
//! nothing. Never reads `address` (the MAC).

use std::collections::HashMap;

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

/// How many interfaces [`Links`] remembers without allocating; more go to a list.
const INLINE_LINKS: usize = 8;

/// What is known of one interface, under its name (at most 15 bytes, as the kernel's).
struct Entry {
    name: [u8; 15],
    len: u8,
    kind: Option<Kind>,
    /// Known not to be physical from a reading that did not tell a tap from a veth (both
    /// virtual): [`Links::is_physical`] needs no more.
    is_virtual: bool,
    up: Option<bool>,
}

impl Entry {
    /// An entry for `name`; `None` for a name longer than an interface's.
    fn new(name: &str) -> Option<Entry> {
        let mut entry = Entry {
            name: [0; 15],
            len: u8::try_from(name.len()).ok()?,
            kind: None,
            is_virtual: false,
            up: None,
        };
        entry
            .name
            .get_mut(..name.len())?
            .copy_from_slice(name.as_bytes());
        Some(entry)
    }

    fn is(&self, name: &str) -> bool {
        self.name.get(..usize::from(self.len)) == Some(name.as_bytes())
    }
}

/// Reads and remembers what sysfs says about interfaces during one probe run. The first
/// [`INLINE_LINKS`] interfaces are kept in place: a collect on a usual host allocates nothing
/// here (and no hasher is seeded); more go to a map, so a host with thousands of interfaces
/// costs a lookup per question, not a scan.
pub(in crate::facts::network) struct Links<'a> {
    source: &'a dyn Source,
    inline: [Option<Entry>; INLINE_LINKS],
    more: HashMap<String, Entry>,
}

impl<'a> Links<'a> {
    pub(in crate::facts::network) fn new(source: &'a dyn Source) -> Links<'a> {
        Links {
            source,
            inline: [const { None }; INLINE_LINKS],
            more: HashMap::new(),
        }
    }

    fn find(&self, name: &str) -> Option<&Entry> {
        match self.inline.iter().flatten().find(|e| e.is(name)) {
            Some(e) => Some(e),
            None => self.more.get(name),
        }
    }

    /// The entry of `name`, made when missing; `None` only for a name no interface has
    /// (never read, so nothing to remember).
    fn entry(&mut self, name: &str) -> Option<&mut Entry> {
        if let Some(at) = self
            .inline
            .iter()
            .position(|e| e.as_ref().is_some_and(|e| e.is(name)))
        {
            return self.inline.get_mut(at).and_then(Option::as_mut);
        }
        if self.more.contains_key(name) {
            return self.more.get_mut(name);
        }
        let entry = Entry::new(name)?;
        match self.inline.iter().position(Option::is_none) {
            Some(free) => {
                let slot = self.inline.get_mut(free)?;
                *slot = Some(entry);
                slot.as_mut()
            }
            None => Some(self.more.entry(name.to_owned()).or_insert(entry)),
        }
    }

    /// Whether the interface is operationally up: `operstate` `up`, or `unknown` (tun,
    /// WireGuard, loopback) with a carrier. Unreadable state counts as up: the route that
    /// names the interface is then the only evidence.
    pub(in crate::facts::network) fn is_up(&mut self, name: &str) -> bool {
        if let Some(up) = self.find(name).and_then(|e| e.up) {
            return up;
        }
        let up = is_interface_name(name) && self.read_up(name);
        if let Some(e) = self.entry(name) {
            e.up = Some(up);
        }
        up
    }

    fn read_up(&self, name: &str) -> bool {
        let Ok(state) = sysfs(name, "/operstate", |p| self.source.text(p)) else {
            return true;
        };
        match state.trim() {
            "up" => true,
            "unknown" | "" => !matches!(
                sysfs(name, "/carrier", |p| self.source.text(p))
                    .as_deref()
                    .map(str::trim),
                Ok("0")
            ),
            _ => false,
        }
    }

    /// The interface's kind.
    pub(in crate::facts::network) fn kind(&mut self, name: &str) -> Kind {
        if let Some(k) = self.find(name).and_then(|e| e.kind.as_ref()) {
            return k.clone();
        }
        let kind = if is_interface_name(name) {
            self.read_kind(name, true)
        } else {
            Kind::Unknown
        };
        if let Some(e) = self.entry(name) {
            e.kind = Some(kind.clone());
        }
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
        let uevent = sysfs(name, "/uevent", |p| self.source.text(p));
        let dev = uevent.as_deref().ok().and_then(devtype);
        match dev.as_deref() {
            Some("wlan") => return Kind::Wifi,
            Some("wwan") => return Kind::Cell,
            Some("wireguard") => return Kind::Tunnel,
            Some("bridge") => return Kind::Bridge(self.members(name)),
            Some("vlan") => return self.stacked(name, true),
            Some("bond" | "team" | "macvlan" | "macvtap" | "ipvlan" | "dsa") => {
                return self.stacked(name, false);
            }
            Some("gadget") => return Kind::Ethernet { physical: true },
            _ => {}
        }
        let link_type = sysfs(name, "/type", |p| self.source.text(p));
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
            return self.plain_ethernet(name, tap);
        }
        // Another type, or none, and no `uevent` (a snapshot may hold only some files): a
        // tap, a Wi-Fi link or a bridge show only by an entry.
        if self.has(name, "/tun_flags") {
            return Kind::Tunnel;
        }
        if self.has(name, "/wireless") || self.has_link(name, "/phy80211") {
            return Kind::Wifi;
        }
        if self.has(name, "/brif") || self.has(name, "/bridge") {
            return Kind::Bridge(self.members(name));
        }
        match link_type {
            None => by_name(name),
            Some(ARPHRD_ETHER) if self.has_link(name, "/device") => {
                Kind::Ethernet { physical: true }
            }
            Some(ARPHRD_ETHER) => virtual_ethernet(name),
            Some(_) => Kind::Unknown,
        }
    }

    /// An Ethernet-framed link whose `uevent` has no deciding `DEVTYPE`. The kernel gives
    /// every cfg80211 link `DEVTYPE=wlan` and every bridge `DEVTYPE=bridge`, so two entries
    /// are left to look for, one on each side of `device`: hardware may be a Wi-Fi card of a
    /// driver with wireless extensions only (`wireless`), no hardware may be a tap
    /// (`tun_flags`, asked only when `tap`). Two questions either way.
    fn plain_ethernet(&self, name: &str, tap: bool) -> Kind {
        if self.has_link(name, "/device") {
            if self.has(name, "/wireless") {
                Kind::Wifi
            } else {
                Kind::Ethernet { physical: true }
            }
        } else if tap && self.has(name, "/tun_flags") {
            Kind::Tunnel
        } else {
            virtual_ethernet(name)
        }
    }

    /// Whether the link `leaf` of `name` is there (`/device`, `/phy80211`): asked as a link, since a
    /// capture may hold one whose target lies outside it. The target is not looked at.
    fn has_link(&self, name: &str, leaf: &str) -> bool {
        !matches!(
            sysfs(name, leaf, |p| self.source.ask(Query::Link, p)),
            Err(SourceError::NotFound | SourceError::Unsupported | SourceError::TimedOut)
        )
    }

    /// Whether the entry `leaf` of `name` is there, asked as a file whatever it is: a folder answers
    /// [`SourceError::WrongKind`] without its entries being listed, and a capture keeps it as
    /// an empty folder. Something
    /// standing there counts; a refused or timed-out question does not.
    fn has(&self, name: &str, leaf: &str) -> bool {
        !matches!(
            sysfs(name, leaf, |p| self.source.ask(Query::File, p)),
            Err(SourceError::NotFound | SourceError::Unsupported | SourceError::TimedOut)
        )
    }

    /// A stacked link on the lower links its folder names (`lower_*`), which only a listing
    /// shows; none when the folder cannot be listed.
    fn stacked(&self, name: &str, vlan: bool) -> Kind {
        let lower = match sysfs(name, "", |p| self.source.dir(p)) {
            Ok(entries) => lower_links(&entries),
            Err(_) => Vec::new(),
        };
        Kind::Stacked { lower, vlan }
    }

    /// The kind from the folder's listing, when neither `uevent` nor `type` could be read.
    fn read_kind_listed(&self, name: &str) -> Kind {
        let entries = match sysfs(name, "", |p| self.source.dir(p)) {
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
            return Kind::Bridge(self.members(name));
        }
        by_name(name)
    }

    fn members(&self, name: &str) -> Vec<String> {
        match sysfs(name, "/brif", |p| self.source.dir(p)) {
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
        let known = self.find(name);
        if known.is_none_or(|e| e.kind.is_none()) {
            if known.is_some_and(|e| e.is_virtual) {
                return false;
            }
            // A tap and a veth are both virtual: `tun_flags` is not asked here. Any other
            // answer is the link's kind.
            let kind = if is_interface_name(name) {
                self.read_kind(name, false)
            } else {
                Kind::Unknown
            };
            let is_virtual = kind == (Kind::Ethernet { physical: false });
            if let Some(e) = self.entry(name) {
                if is_virtual {
                    e.is_virtual = true;
                } else {
                    e.kind = Some(kind);
                }
            }
            if is_virtual {
                return false;
            }
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

/// Answers `ask` with `/sys/class/net/NAME` followed by `leaf` (`""`, `"/type"`), built on the
/// stack for an interface name (a longer one, never read by a probe, in a `String`).
fn sysfs<R>(name: &str, leaf: &str, ask: impl FnOnce(&str) -> R) -> R {
    const DIR: &[u8] = b"/sys/class/net/";
    let mut buf = [0u8; 64];
    let len = DIR.len() + name.len() + leaf.len();
    let built = buf.get_mut(..len).and_then(|path| {
        let (dir, rest) = path.split_at_mut(DIR.len());
        dir.copy_from_slice(DIR);
        let (own, tail) = rest.split_at_mut(name.len());
        own.copy_from_slice(name.as_bytes());
        tail.copy_from_slice(leaf.as_bytes());
        std::str::from_utf8(path).ok()
    });
    match built {
        Some(path) => ask(path),
        None => ask(&["/sys/class/net/", name, leaf].concat()),
    }
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::report::Platform;
    use crate::source::{Answer, Snapshot};

    /// A snapshot that counts the questions it is asked.
    struct Counting(Snapshot, AtomicUsize);

    impl Source for Counting {
        fn platform(&self) -> Platform {
            self.0.platform()
        }
        fn query(&self, query: &Query) -> Result<Answer, SourceError> {
            self.1.fetch_add(1, Ordering::Relaxed);
            self.0.query(query)
        }
    }

    /// More interfaces than are kept in place: each is read once, the later ones from the
    /// overflow list, and every answer is the interface's own.
    #[test]
    fn links_past_the_inline_ones_are_remembered_apart() {
        let mut snapshot = Snapshot::new(Platform::Linux);
        let count = INLINE_LINKS + 4;
        for i in 0..count {
            let base = format!("/sys/class/net/eth{i}");
            snapshot = snapshot
                .file(
                    &format!("{base}/operstate"),
                    if i % 2 == 0 { "up\n" } else { "down\n" },
                )
                .file(&format!("{base}/uevent"), "INTERFACE=x\n")
                .file(&format!("{base}/type"), "1\n");
            if i % 3 == 0 {
                snapshot = snapshot.link(&format!("{base}/device"), "../../pci0000:00");
            }
        }
        let source = Counting(snapshot, AtomicUsize::new(0));
        let mut links = Links::new(&source);
        let round = |links: &mut Links<'_>| {
            (0..count)
                .map(|i| {
                    let name = format!("eth{i}");
                    (links.is_up(&name), links.is_physical(&name))
                })
                .collect::<Vec<_>>()
        };
        let expected: Vec<(bool, bool)> = (0..count).map(|i| (i % 2 == 0, i % 3 == 0)).collect();
        assert_eq!(round(&mut links), expected);
        let asked = source.1.load(Ordering::Relaxed);
        assert_eq!(round(&mut links), expected);
        assert_eq!(source.1.load(Ordering::Relaxed), asked, "asked again");
        assert_eq!(links.more.len(), 4);
        // A veth is remembered as virtual; its kind proper (a tap or not) is read on demand.
        assert_eq!(links.kind("eth1"), Kind::Ethernet { physical: false });
        assert_eq!(links.kind("eth3"), Kind::Ethernet { physical: true });
    }

    /// A name no interface can have is answered without a read and not remembered.
    #[test]
    fn a_name_longer_than_an_interface_name_is_not_read() {
        let source = Counting(Snapshot::new(Platform::Linux), AtomicUsize::new(0));
        let mut links = Links::new(&source);
        let long = "a-name-much-longer-than-fifteen";
        assert!(!links.is_up(long));
        assert_eq!(links.kind(long), Kind::Unknown);
        assert_eq!(source.1.load(Ordering::Relaxed), 0);
        assert!(links.find(long).is_none());
    }

    #[test]
    fn sysfs_paths_are_built_whole_on_the_stack_or_off_it() {
        assert_eq!(
            sysfs("eth0", "/uevent", str::to_owned),
            "/sys/class/net/eth0/uevent"
        );
        let long = "x".repeat(80);
        assert_eq!(
            sysfs(&long, "/type", str::to_owned),
            format!("/sys/class/net/{long}/type")
        );
    }
}
