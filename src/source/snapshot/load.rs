//! Loading a snapshot directory from disk into a [`Snapshot`]: an untrusted folder. Every
//! file is opened inside it without following a link ([`Root`]); the `fs/` tree is listed
//! without recursion and its files are read lazily, at most once each, within one budget.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use super::{Node, Snapshot};
use crate::error::Error;
use crate::platform::Platform;
use crate::source::live::{Entry, Root};
use crate::source::{SNAPSHOT_READ_BUDGET, SourceError, TABLE_LIMIT};

/// The most entries listed from one snapshot's `fs/` tree; a larger tree is cut there.
const MAX_ENTRIES: usize = 200_000;

/// The deepest folder listed in a snapshot's `fs/` tree (a device's deepest sysfs paths are
/// about 20 deep); deeper folders are listed as empty.
const MAX_DEPTH: usize = 64;

/// The most characters of a bad `platform` file an error shows (escaped): fewer than a
/// machine id's 32, so even a hard link to one cannot be echoed whole.
const PLATFORM_ECHO: usize = 16;

/// A loaded snapshot folder: its `fs/` descriptor and what is left of its read budget.
#[derive(Debug)]
pub(super) struct Disk {
    fs: Option<Root>,
    left: AtomicUsize,
}

/// A file of `fs/`, found by the listing and read when first asked for.
#[derive(Debug)]
pub(super) struct DiskFile {
    /// Its path below `fs/` (`etc/os-release`).
    rel: String,
    /// Its size when listed.
    size: u64,
    bytes: OnceLock<Result<Vec<u8>, SourceError>>,
}

impl PartialEq for DiskFile {
    fn eq(&self, other: &DiskFile) -> bool {
        self.rel == other.rel
    }
}

impl Eq for DiskFile {}

impl Disk {
    /// Takes up to `want` bytes from the budget: how many were granted.
    fn take(&self, want: usize) -> Result<usize, SourceError> {
        self.left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                left.checked_sub(want)
            })
            .map(|_| want)
            .map_err(|_| SourceError::Io("the snapshot's read budget (64 MiB) is spent".into()))
    }

    fn give_back(&self, bytes: usize) {
        self.left.fetch_add(bytes, Ordering::SeqCst);
    }

    /// A top-level file's bytes, at most `limit`, counted against the budget.
    fn read_top(&self, root: &Root, name: &str, limit: usize) -> std::io::Result<Vec<u8>> {
        let granted = self
            .take(limit)
            .map_err(|_| std::io::Error::other("the snapshot's read budget (64 MiB) is spent"))?;
        let result = root.read(name, limit);
        let used = result.as_ref().map_or(0, Vec::len);
        self.give_back(granted.saturating_sub(used));
        result
    }

    /// The bytes of `file`, read once; over `limit` is [`SourceError::TooLarge`] (unread when
    /// the listing already saw it too large).
    pub(super) fn read(&self, file: &DiskFile, limit: usize) -> Result<Vec<u8>, SourceError> {
        if usize::try_from(file.size).map_or(true, |size| size > limit) {
            return Err(SourceError::TooLarge);
        }
        let bytes = file.bytes.get_or_init(|| {
            let Some(fs) = &self.fs else {
                return Err(SourceError::NotFound);
            };
            // One byte past the listed size (capped at the largest limit), so a file that grew
            // since the listing is still seen as too large.
            let want = usize::try_from(file.size)
                .unwrap_or(usize::MAX)
                .min(TABLE_LIMIT)
                .saturating_add(1);
            let granted = self.take(want)?;
            let result = fs.read(&file.rel, want).map_err(|e| io_error(&e));
            let used = result.as_ref().map_or(0, Vec::len);
            self.give_back(granted.saturating_sub(used));
            result
        });
        match bytes {
            Ok(b) if b.len() > limit => Err(SourceError::TooLarge),
            Ok(b) => Ok(b.clone()),
            Err(e) => Err(e.clone()),
        }
    }
}

/// A read error as the snapshot answers it: what a device would say for the same file.
fn io_error(e: &std::io::Error) -> SourceError {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => SourceError::NotFound,
        K::PermissionDenied => SourceError::PermissionDenied,
        K::InvalidInput | K::IsADirectory | K::NotADirectory => SourceError::WrongKind,
        _ => SourceError::Io(e.to_string()),
    }
}

pub(super) fn from_dir(dir: &Path) -> Result<Snapshot, Error> {
    let bad = |reason: String| Error::Snapshot {
        path: dir.display().to_string(),
        reason,
    };
    let root = Root::open(dir).map_err(|e| bad(format!("cannot open the folder: {e}")))?;
    let mut disk = Disk {
        fs: None,
        left: AtomicUsize::new(SNAPSHOT_READ_BUDGET),
    };
    let platform_text = disk
        .read_top(&root, "platform", 256)
        .map_err(|e| bad(format!("cannot read its platform file: {e}")))?;
    let platform_text = crate::parse::reg_query::decode_text(&platform_text);
    let name = platform_text.trim().to_ascii_lowercase();
    let platform: Platform = name.parse().map_err(|_| {
        let shown: String = name.chars().take(PLATFORM_ECHO).collect();
        let more = if name.chars().count() > PLATFORM_ECHO {
            "..."
        } else {
            ""
        };
        bad(format!("platform file names no platform: {shown:?}{more}"))
    })?;
    let mut snap = Snapshot::new(platform);

    // `fs` must be a real folder: a link to `/` would replay (and block on) the live system.
    if let Ok(fs) = root.subdir("fs") {
        snap.nodes.insert("/".to_owned(), Node::Dir);
        fs.walk(MAX_DEPTH, MAX_ENTRIES, &mut |rel, entry| {
            let path = format!("/{rel}");
            let node = match entry {
                Entry::Dir => Node::Dir,
                Entry::File(size) => Node::Disk(Arc::new(DiskFile {
                    rel: rel.to_owned(),
                    size,
                    bytes: OnceLock::new(),
                })),
                Entry::Link(target) => Node::Link(target),
                Entry::Special => return,
            };
            snap.nodes.insert(path, node);
        });
        disk.fs = Some(fs);
    }
    let text = |disk: &Disk, name: &str| {
        let bytes = disk.read_top(&root, name, TABLE_LIMIT).ok()?;
        Some(crate::parse::reg_query::decode_text(&bytes))
    };
    if let Some(text) = text(&disk, "getprop.txt") {
        let dump = crate::parse::getprop::parse_getprop_dump(&text);
        let props: std::collections::BTreeMap<_, _> = dump.properties.into_iter().collect();
        // A name with a readable record elsewhere in the dump keeps that value.
        snap.malformed_properties = dump
            .malformed
            .into_iter()
            .filter(|n| !props.contains_key(n))
            .collect();
        snap.properties = Some(props);
    }
    if let Some(text) = text(&disk, "sysctl.txt") {
        snap.sysctls = crate::parse::sysctl::parse_sysctl(&text)
            .into_iter()
            .collect();
    }
    // `reg query` dumps are often saved as UTF-16 (PowerShell's `>`), so decode the bytes.
    if let Ok(bytes) = disk.read_top(&root, "registry.txt", TABLE_LIMIT) {
        for (key, value, data) in crate::parse::reg_query::parse_reg_query_bytes(&bytes) {
            snap = snap.registry(&key, &value, data);
        }
    }
    load_routes(&|name| text(&disk, name), &mut snap);
    // A JSON file that is there but does not parse makes the snapshot unusable: replaying it
    // as if the file were missing would report a device that was never seen.
    let json = |name: &str| text(&disk, name);
    if let Some(text) = json("windows_version.json") {
        snap.windows_version = Some(parse_json(&text, "windows_version.json").map_err(bad)?);
    }
    if let Some(text) = json("interfaces.json") {
        snap.interfaces = Some(parse_json(&text, "interfaces.json").map_err(bad)?);
    }
    if let Some(text) = json("adapters.json") {
        snap.adapters = Some(parse_json(&text, "adapters.json").map_err(bad)?);
    }
    if let Some(text) = json("display.json") {
        snap.display = Some(parse_json(&text, "display.json").map_err(bad)?);
    }
    if let Some(text) = json("web.json") {
        snap.web = parse_json(&text, "web.json").map_err(bad)?;
    }
    if let Some(text) = json("host.json") {
        snap.host = parse_json(&text, "host.json").map_err(bad)?;
    }
    if disk.fs.is_some() {
        snap.disk = Some(Arc::new(disk));
    }
    // The index of every path is built here, with the listing, not by the first query: that
    // query runs under a collect's deadline, and a tree near the entry cap takes longer to
    // index than the default deadline allows.
    let _ = snap.index();
    Ok(snap)
}

/// The routing tables and rules, from the text people paste: `ip [-6] route show table all`
/// and `ip [-6] rule show` (Linux), `netstat -rn` (Apple). A file none of whose lines parse
/// gives no routes (or rules) rather than an empty table, so the probes fall back or omit.
fn load_routes(text: &dyn Fn(&str) -> Option<String>, snap: &mut Snapshot) {
    use crate::parse::{ip_route, ip_rule, netstat};
    let mut routes = Vec::new();
    let mut any = false;
    for (name, v6) in [("ip_route.txt", false), ("ip6_route.txt", true)] {
        if let Some(text) = text(name) {
            let (mut found, skipped) = ip_route::parse_ip_route(&text, v6);
            any |= !found.is_empty() || skipped == 0;
            routes.append(&mut found);
        }
    }
    if let Some(text) = text("netstat_rn.txt") {
        let (mut found, skipped) = netstat::parse_netstat_rn(&text);
        any |= !found.is_empty() || skipped == 0;
        routes.append(&mut found);
    }
    if any {
        snap.routes = Some(routes);
    }
    let mut rules = Vec::new();
    let mut any = false;
    for (name, v6) in [("ip_rule.txt", false), ("ip6_rule.txt", true)] {
        if let Some(text) = text(name) {
            let (mut found, skipped) = ip_rule::parse_ip_rule(&text, v6);
            any |= !found.is_empty() || skipped == 0;
            rules.append(&mut found);
        }
    }
    if any {
        snap.rules = Some(rules);
    }
}

/// `text` (the file `name`) as JSON, or why not: the parser's message (line and column),
/// without control characters and cut short, since it can quote the file.
fn parse_json<T: serde::de::DeserializeOwned>(text: &str, name: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| {
        let message: String = e
            .to_string()
            .chars()
            .filter(|c| !c.is_control())
            .take(160)
            .collect();
        format!("{name} does not parse: {message}")
    })
}
