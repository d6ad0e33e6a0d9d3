//! [`Snapshot`]: a device replayed from memory — loaded from a snapshot directory (see
//! DESIGN.md: `platform`, `fs/...`, `getprop.txt`, `sysctl.txt`, `registry.txt`,
//! `windows_version.json`, `interfaces.json`, `adapters.json`, `display.json`, `web.json`, `host.json`;
//! routes and rules as `ip_route.txt`, `ip6_route.txt`, `ip_rule.txt`, `ip6_rule.txt` (Linux,
//! `ip [-6] route show table all` and `ip [-6] rule show` output) or `netstat_rn.txt` (Apple,
//! `netstat -rn` output)) or built in code for a host app's tests.
//!
//! `registry.txt` is `reg query` output, UTF-8 or UTF-16 (see
//! [`parse_reg_query_bytes`](crate::parse::reg_query::parse_reg_query_bytes)); registry keys
//! and value names match case-insensitively, as on Windows, and are written back as first
//! spelled.
//!
//! The file tree behaves like the device's: symlinks resolve, directories list their entries, a
//! missing path is [`SourceError::NotFound`], a directory read as a file is
//! [`SourceError::WrongKind`], and a file over the read cap is [`SourceError::TooLarge`].

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::sync::OnceLock;

use crate::error::Error;
use crate::host::HostFacts;
use crate::platform::Platform;
use crate::source::{
    AdapterInfo, Answer, DisplayInfo, InterfaceAddr, Query, RegValue, RouteEntry, RuleEntry,
    Source, SourceError, WebAnswer, WebValues, WindowsVersion, deny, read_limit,
};

pub(crate) mod android;
mod export;
mod index;
mod load;

pub use export::SnapshotEntry;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    /// Shared with the index's copy of the tree; an answer copies it once.
    File(Arc<[u8]>),
    /// A file of a snapshot directory, read when a query first asks for it.
    Disk(Arc<load::DiskFile>),
    Dir,
    Link(String),
}

/// A replayed device. Build one in code, or load a captured directory with
/// [`Snapshot::from_dir`].
///
/// ```
/// use devprobe::Platform;
/// use devprobe::source::Snapshot;
/// let device = Snapshot::new(Platform::Linux)
///     .file("/etc/os-release", "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n")
///     .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n");
/// # let _ = device;
/// ```
#[derive(Debug, Clone)]
pub struct Snapshot {
    platform: Platform,
    /// Every stored path (normalized) and what is there; directories above them are implied.
    nodes: HashMap<String, Node>,
    /// Every path with what is there, the folders' entries and whether a link or a file is on
    /// a path's way, worked out on the first query (adding a file, directory or link forgets
    /// it): a query for a normal path is one lookup (two when nothing is there), never a scan
    /// of the tree.
    index: OnceLock<index::Index>,
    properties: Option<BTreeMap<String, String>>,
    /// Properties a `getprop.txt` had but whose record was broken: answered as malformed.
    malformed_properties: BTreeSet<String>,
    sysctls: BTreeMap<String, String>,
    /// Keyed case-insensitively; the value keeps the key and name as first spelled, for export.
    registry: BTreeMap<(String, String), RegEntry>,
    windows_version: Option<WindowsVersion>,
    interfaces: Option<Vec<InterfaceAddr>>,
    adapters: Option<Vec<AdapterInfo>>,
    display: Option<DisplayInfo>,
    routes: Option<Vec<RouteEntry>>,
    rules: Option<Vec<RuleEntry>>,
    web: WebValues,
    host: HostFacts,
    /// The folder a [`Snapshot::from_dir`] replays, and what is left of its read budget.
    disk: Option<Arc<load::Disk>>,
    /// The properties init's emulation derives from the partition files, worked out once on
    /// first use (every file the emulation reads is set before any query is answered; adding a
    /// file, directory or link forgets them).
    partition_properties: OnceLock<BTreeMap<String, String>>,
}

const MAX_LINK_HOPS: usize = 40;

impl Snapshot {
    /// An empty device of `platform`: every query answers "not found" until filled.
    pub fn new(platform: Platform) -> Snapshot {
        Snapshot {
            platform,
            nodes: HashMap::new(),
            index: OnceLock::new(),
            properties: None,
            malformed_properties: BTreeSet::new(),
            sysctls: BTreeMap::new(),
            registry: BTreeMap::new(),
            windows_version: None,
            interfaces: None,
            adapters: None,
            display: None,
            routes: None,
            rules: None,
            web: WebValues::default(),
            host: HostFacts::default(),
            disk: None,
            partition_properties: OnceLock::new(),
        }
    }

    /// Loads a snapshot directory, treated as untrusted input (a stranger's bug report):
    ///
    /// - every file is opened inside `dir` without following a symlink (`openat` with
    ///   `O_NOFOLLOW` component by component on Unix), and its type is checked on the opened
    ///   descriptor: a link, FIFO, socket or device is never read. Links *inside* `fs/` are
    ///   replayed as the device's links, resolved within the snapshot;
    /// - the `fs/` tree is listed without recursion, at most 64 folders deep and 200,000
    ///   entries; its files are read only when a query asks for one (so within the collect's
    ///   deadline), each at most once, up to the read cap;
    /// - all reads of one loaded snapshot together take at most
    ///   [`SNAPSHOT_READ_BUDGET`](crate::source::SNAPSHOT_READ_BUDGET) (64 MiB); a file that
    ///   does not fit any more is answered as [`SourceError::Io`];
    /// - an error echoes at most 16 characters of a `platform` file, escaped.
    ///
    /// Since `fs/` files are read when asked for, the folder must stay in place while the
    /// snapshot is used (a file removed meanwhile answers [`SourceError::NotFound`]).
    ///
    /// # Errors
    /// [`Error::Snapshot`] when the directory cannot be read, its `platform` file is missing
    /// or names no platform, or one of its JSON files (`host.json`, `interfaces.json`,
    /// `adapters.json`, `display.json`, `windows_version.json`) is there but does not parse:
    /// the message names the file and the parser's error, e.g. `unusable snapshot s: host.json
    /// does not parse: expected value at line 1 column 1`. Bad content in the other files does
    /// not fail the load: it is replayed as it is, and the probes omit what they cannot
    /// understand.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Snapshot, Error> {
        load::from_dir(dir.as_ref())
    }

    /// Adds a file at the absolute device path `path` (parents are created as directories).
    #[must_use]
    pub fn file(mut self, path: &str, contents: impl AsRef<[u8]>) -> Snapshot {
        self.nodes
            .insert(normalize(path), Node::File(contents.as_ref().into()));
        self.forget_derived();
        self
    }

    /// Adds an empty directory at `path`.
    #[must_use]
    pub fn dir(mut self, path: &str) -> Snapshot {
        self.nodes.insert(normalize(path), Node::Dir);
        self.forget_derived();
        self
    }

    /// Adds a symbolic link at `path` pointing to `target` (absolute, or relative to `path`'s
    /// directory, as on the device).
    #[must_use]
    pub fn link(mut self, path: &str, target: &str) -> Snapshot {
        self.nodes
            .insert(normalize(path), Node::Link(target.to_owned()));
        self.forget_derived();
        self
    }

    /// Sets an Android system property (as `getprop` would show it).
    #[must_use]
    pub fn property(mut self, name: &str, value: &str) -> Snapshot {
        self.properties
            .get_or_insert_with(BTreeMap::new)
            .insert(name.to_owned(), value.to_owned());
        self
    }

    /// Sets an Apple sysctl value.
    #[must_use]
    pub fn sysctl(mut self, name: &str, value: &str) -> Snapshot {
        self.sysctls.insert(name.to_owned(), value.to_owned());
        self
    }

    /// Sets a Windows registry value. Key and value names match case-insensitively, as on Windows.
    #[must_use]
    pub fn registry(mut self, key: &str, value: &str, data: RegValue) -> Snapshot {
        let entry = RegEntry {
            key: display_key(key),
            name: value.to_owned(),
            data,
        };
        self.registry.insert(reg_key(key, value), entry);
        self
    }

    /// Sets what `RtlGetVersion` reports.
    #[must_use]
    pub fn windows_version(mut self, version: WindowsVersion) -> Snapshot {
        self.windows_version = Some(version);
        self
    }

    /// Sets the interface address list.
    #[must_use]
    pub fn interfaces(mut self, addrs: Vec<InterfaceAddr>) -> Snapshot {
        self.interfaces = Some(addrs);
        self
    }

    /// Sets the Windows adapter list (`GetAdaptersAddresses`; `adapters.json` in a directory).
    #[must_use]
    pub fn adapters(mut self, adapters: Vec<AdapterInfo>) -> Snapshot {
        self.adapters = Some(adapters);
        self
    }

    /// Sets the routing table, every table and both families (`ip_route.txt` and
    /// `ip6_route.txt` on Linux, `netstat_rn.txt` on Apple platforms, in a directory).
    #[must_use]
    pub fn routes(mut self, routes: Vec<RouteEntry>) -> Snapshot {
        self.routes = Some(routes);
        self
    }

    /// Sets the policy routing rules, both families (`ip_rule.txt` and `ip6_rule.txt` in a
    /// directory).
    #[must_use]
    pub fn rules(mut self, rules: Vec<RuleEntry>) -> Snapshot {
        self.rules = Some(rules);
        self
    }

    /// Sets the primary display.
    #[must_use]
    pub fn display(mut self, display: DisplayInfo) -> Snapshot {
        self.display = Some(display);
        self
    }

    /// Sets one value of a JavaScript host (browser or mini-program; `web.json` in a directory).
    #[must_use]
    pub fn web(mut self, value: WebAnswer) -> Snapshot {
        self.web.set(value);
        self
    }

    /// Sets every value of a JavaScript host at once (as `web.json` does).
    #[must_use]
    pub fn web_values(mut self, values: WebValues) -> Snapshot {
        self.web = values;
        self
    }

    /// Sets the values the host pushed (as `host.json` does).
    #[must_use]
    pub fn host(mut self, host: HostFacts) -> Snapshot {
        self.host = host;
        self
    }

    /// Forgets what is worked out from the file tree (after a file, directory or link was
    /// added).
    fn forget_derived(&mut self) {
        self.partition_properties = OnceLock::new();
        self.index = OnceLock::new();
    }

    /// The index of every path, built on first use.
    fn index(&self) -> &index::Index {
        self.index.get_or_init(|| index::Index::build(&self.nodes))
    }

    /// Whether anything (file, directory, link) is stored at exactly `path`.
    pub(crate) fn exists(&self, path: &str) -> bool {
        // Every stored path and every folder above one is in the index.
        if deny::is_normal(path) {
            self.index().get(path).is_some()
        } else {
            self.index().get(&normalize(path)).is_some()
        }
    }

    fn node(&self, path: &str) -> Option<&Node> {
        self.index().get(path).and_then(|e| e.node.as_ref())
    }

    fn has_children(&self, path: &str) -> bool {
        self.index().has_children(path)
    }

    /// Resolves symlinks in every component of `path` (and in the last one when `follow_last`).
    ///
    /// A path already in normal form whose components are no links (the common case: a probe
    /// asking for a file that is there, or is not) is answered as it is, without building it
    /// again component by component.
    fn resolve<'p>(&self, path: &'p str, follow_last: bool) -> Result<Cow<'p, str>, SourceError> {
        if self.plain(path, follow_last) {
            return Ok(Cow::Borrowed(path));
        }
        self.resolve_slow(path, follow_last).map(Cow::Owned)
    }

    /// Whether `path` is absolute and in normal form (no empty, `.` or `..` component, no
    /// trailing `/`) and none of its proper prefixes is a link or a file (nor `path` itself a
    /// link when `follow_last`): then it resolves to itself. The index answers with a lookup
    /// or two.
    fn plain(&self, path: &str, follow_last: bool) -> bool {
        match self.index().plain(path) {
            None => false,
            Some(Some(e)) => !(follow_last && matches!(e.node, Some(Node::Link(_)))),
            Some(None) => true,
        }
    }

    fn resolve_slow(&self, path: &str, follow_last: bool) -> Result<String, SourceError> {
        let mut pending: Vec<String> = components(path).rev().map(str::to_owned).collect();
        let mut current = String::new();
        let mut hops = 0usize;
        while let Some(part) = pending.pop() {
            match part.as_str() {
                "." => continue,
                ".." => {
                    let cut = current.rfind('/').unwrap_or(0);
                    current.truncate(cut);
                    continue;
                }
                _ => {}
            }
            let candidate = format!("{current}/{part}");
            let is_last = pending.is_empty();
            match self.node(&candidate) {
                Some(Node::Link(target)) if follow_last || !is_last => {
                    hops += 1;
                    if hops > MAX_LINK_HOPS {
                        return Err(SourceError::Io("too many levels of symbolic links".into()));
                    }
                    if target.starts_with('/') {
                        current.clear();
                    }
                    pending.extend(components(target).rev().map(str::to_owned));
                }
                Some(Node::File(_) | Node::Disk(_)) if !is_last => {
                    return Err(SourceError::WrongKind);
                }
                _ => current = candidate,
            }
        }
        Ok(if current.is_empty() {
            "/".to_owned()
        } else {
            current
        })
    }

    /// The file at `path`; `judged` when the deny rules have already judged `path` itself
    /// (a [`Source::query`] does so first), so only a path a link led to is judged here.
    ///
    /// `normal`: the caller found `path` in normal form already (`false`: not known).
    fn read_file(&self, path: &str, judged: bool, normal: bool) -> Result<Answer, SourceError> {
        if judged && let Some(entry) = self.plain_entry(path, normal) {
            return self.file_answer(path, entry);
        }
        let real = self.resolve(path, true)?;
        let moved = matches!(real, Cow::Owned(_));
        if (!judged && deny::path(path)) || (moved && deny::path(&real)) {
            return Err(SourceError::Unsupported);
        }
        self.file_answer(path, self.index().get(&real))
    }

    /// What is at a normal `path` with nothing but folders above it, when `path` itself is no
    /// link: it is read as it is, found with one lookup (two when nothing is there).
    /// `Some(None)`: nothing stored there.
    fn plain_entry(&self, path: &str, normal: bool) -> Option<Option<&index::Entry>> {
        let index = self.index();
        let found = if normal {
            index.plain_normal(path)
        } else {
            index.plain(path)
        };
        match found? {
            Some(index::Entry {
                node: Some(Node::Link(_)),
                ..
            }) => None,
            entry => Some(entry),
        }
    }

    /// What reading the path `path` (its index entry: `None` when nothing is there) answers: a
    /// folder, stored or implied by paths below it, is the wrong kind.
    fn file_answer(&self, path: &str, entry: Option<&index::Entry>) -> Result<Answer, SourceError> {
        let Some(entry) = entry else {
            return Err(SourceError::NotFound);
        };
        match &entry.node {
            Some(Node::File(bytes)) if bytes.len() > read_limit(path) => Err(SourceError::TooLarge),
            Some(Node::File(bytes)) => Ok(Answer::Bytes(bytes.to_vec())),
            Some(Node::Disk(file)) => match &self.disk {
                Some(disk) => disk.read(file, read_limit(path)).map(Answer::Bytes),
                None => Err(SourceError::NotFound),
            },
            Some(Node::Dir) | None => Err(SourceError::WrongKind),
            Some(Node::Link(_)) => Err(SourceError::NotFound),
        }
    }

    fn read_dir(&self, path: &str) -> Result<Answer, SourceError> {
        if let Some(entry) = self.plain_entry(path, false) {
            return match entry {
                Some(index::Entry {
                    node: Some(Node::File(_) | Node::Disk(_)),
                    ..
                }) => Err(SourceError::WrongKind),
                Some(e) => Ok(Answer::Names(e.children.clone())),
                None => Err(SourceError::NotFound),
            };
        }
        let real = self.resolve(path, true)?;
        match self.node(&real) {
            Some(Node::File(_) | Node::Disk(_)) => return Err(SourceError::WrongKind),
            None if !self.has_children(&real) => return Err(SourceError::NotFound),
            _ => {}
        }
        Ok(Answer::Names(self.index().children(&real).to_vec()))
    }

    /// `normal` as for [`Snapshot::read_file`].
    fn read_link(&self, path: &str, normal: bool) -> Result<Answer, SourceError> {
        let index = self.index();
        let found = if normal {
            index.plain_normal(path)
        } else {
            index.plain(path)
        };
        if let Some(entry) = found {
            return match entry {
                Some(index::Entry {
                    node: Some(Node::Link(target)),
                    ..
                }) => Ok(Answer::Text(target.clone())),
                Some(_) => Err(SourceError::WrongKind),
                None => Err(SourceError::NotFound),
            };
        }
        let real = self.resolve(path, false)?;
        match self.node(&real) {
            Some(Node::Link(target)) => Ok(Answer::Text(target.clone())),
            Some(_) => Err(SourceError::WrongKind),
            None if self.has_children(&real) => Err(SourceError::WrongKind),
            None => Err(SourceError::NotFound),
        }
    }

    fn read_property(&self, name: &str) -> Result<Answer, SourceError> {
        if self.malformed_properties.contains(name) {
            return Err(SourceError::Malformed);
        }
        let value = match &self.properties {
            Some(props) => props.get(name).cloned(),
            None => self
                .partition_properties
                .get_or_init(|| android::runtime_properties(self))
                .get(name)
                .cloned(),
        };
        value.map(Answer::Text).ok_or(SourceError::NotFound)
    }

    /// The file at `path` if the snapshot has one (used by the partition emulation).
    pub(crate) fn file_bytes(&self, path: &str) -> Option<Vec<u8>> {
        match self.read_file(path, false, false) {
            Ok(Answer::Bytes(b)) => Some(b),
            _ => None,
        }
    }
}

impl Source for Snapshot {
    fn platform(&self) -> Platform {
        self.platform
    }

    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        // A file or link path is checked for normal form once, for the deny rules and the
        // index both (`deny::path` is `judge` on the normalized path).
        let normal = matches!(query, Query::File(p) | Query::Link(p) if deny::is_normal(p));
        let refused = match query {
            Query::File(p) | Query::Link(p) if normal => deny::judge(p),
            _ => deny::refuses(query),
        };
        if refused {
            return Err(SourceError::Unsupported);
        }
        let missing = SourceError::NotFound;
        match query {
            Query::File(p) => self.read_file(p, true, normal),
            Query::Dir(p) => self.read_dir(p),
            Query::Link(p) => self.read_link(p, normal),
            Query::Property(n) => self.read_property(n),
            Query::Sysctl(n) => self
                .sysctls
                .get(n)
                .cloned()
                .map(Answer::Text)
                .ok_or(missing),
            Query::Registry(k, v) => self
                .registry
                .get(&reg_key(k, v))
                .map(|e| Answer::Registry(e.data.clone()))
                .ok_or(missing),
            Query::WindowsVersion => self
                .windows_version
                .map(Answer::WindowsVersion)
                .ok_or(missing),
            Query::Interfaces => self
                .interfaces
                .clone()
                .map(Answer::Interfaces)
                .ok_or(missing),
            Query::Adapters => self.adapters.clone().map(Answer::Adapters).ok_or(missing),
            Query::Display => self.display.map(Answer::Display).ok_or(missing),
            Query::Routes => self.routes.clone().map(Answer::Routes).ok_or(missing),
            Query::Rules => self.rules.clone().map(Answer::Rules).ok_or(missing),
            // A value a browser or WeChat version does not have: its API is missing there.
            Query::Web(q) => self
                .web
                .answer(*q)
                .map(Answer::Web)
                .ok_or(SourceError::Unsupported),
        }
    }

    fn host_facts(&self) -> HostFacts {
        self.host
    }
}

fn components(path: &str) -> impl DoubleEndedIterator<Item = &str> {
    path.split('/').filter(|c| !c.is_empty())
}

fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for c in components(path) {
        out.push('/');
        out.push_str(c);
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

/// A registry value as stored: its key and name as first spelled, and its data.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RegEntry {
    key: String,
    name: String,
    data: RegValue,
}

/// A key as `reg query` prints it: `HKLM\...` spelled out as `HKEY_LOCAL_MACHINE\...`.
fn display_key(key: &str) -> String {
    let key = key.trim_matches('\\');
    match key.split_once('\\') {
        Some((root, rest)) if root.eq_ignore_ascii_case("hklm") => {
            format!("HKEY_LOCAL_MACHINE\\{rest}")
        }
        _ => key.to_owned(),
    }
}

fn reg_key(key: &str, value: &str) -> (String, String) {
    let key = key.trim_matches('\\').to_ascii_lowercase();
    let key = match key.strip_prefix("hkey_local_machine") {
        Some(rest) => format!("hklm{rest}"),
        None => key,
    };
    (key, value.to_ascii_lowercase())
}

#[cfg(test)]
mod tests;
