//! Loading a snapshot directory from disk into a [`Snapshot`].

use std::fs;
use std::io::Read;
use std::path::Path;

use super::{Node, Snapshot};
use crate::error::Error;
use crate::platform::Platform;
use crate::source::TABLE_LIMIT;

/// The most entries loaded from one snapshot's `fs/` tree; a larger tree is cut there.
const MAX_ENTRIES: usize = 200_000;
/// The most bytes loaded from one snapshot's `fs/` tree: room for both route tables at their
/// cap and every small file a device has. Files are read into memory when the snapshot is
/// loaded, so without it a folder of large (or sparse) files would take gigabytes; a larger
/// tree makes the snapshot unusable.
const MAX_TREE_BYTES: usize = 4 * TABLE_LIMIT;

pub(super) fn from_dir(dir: &Path) -> Result<Snapshot, Error> {
    let bad = |reason: String| Error::Snapshot {
        path: dir.display().to_string(),
        reason,
    };
    let platform_text = read_capped(&dir.join("platform"), 256)
        .map_err(|e| bad(format!("cannot read its platform file: {e}")))?;
    let platform_text = crate::parse::reg_query::decode_text(&platform_text);
    let name = platform_text.trim().to_ascii_lowercase();
    let platform: Platform = name.parse().map_err(|_| {
        // A link can lead out of the folder (to /etc/hostname, say): never echo what it holds.
        if fs::symlink_metadata(dir.join("platform")).is_ok_and(|m| m.file_type().is_symlink()) {
            return bad("platform is a link to a file that names no platform".into());
        }
        let shown: String = name.chars().take(32).collect();
        bad(format!("platform file names no platform: {shown:?}"))
    })?;
    let mut snap = Snapshot::new(platform);

    // `fs` must be a real folder: a link to `/` would replay (and block on) the live system.
    let fs_root = dir.join("fs");
    if fs::symlink_metadata(&fs_root).is_ok_and(|m| m.is_dir()) {
        let mut count = 0usize;
        let mut bytes = 0usize;
        walk(&fs_root, "", &mut snap, &mut count, &mut bytes).map_err(bad)?;
    }
    if let Some(text) = optional_text(&dir.join("getprop.txt")) {
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
    if let Some(text) = optional_text(&dir.join("sysctl.txt")) {
        snap.sysctls = crate::parse::sysctl::parse_sysctl(&text)
            .into_iter()
            .collect();
    }
    // `reg query` dumps are often saved as UTF-16 (PowerShell's `>`), so decode the bytes.
    if let Ok(bytes) = read_capped(&dir.join("registry.txt"), TABLE_LIMIT) {
        for (key, value, data) in crate::parse::reg_query::parse_reg_query_bytes(&bytes) {
            snap = snap.registry(&key, &value, data);
        }
    }
    // A JSON file that is there but does not parse makes the snapshot unusable: replaying it
    // as if the file were missing would report a device that was never seen.
    let json = |name: &str| optional_text(&dir.join(name));
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
    if let Some(text) = json("host.json") {
        snap.host = parse_json(&text, "host.json").map_err(bad)?;
    }
    Ok(snap)
}

/// Loads the tree under `dir` as `device_path`; fails once its files hold more than
/// [`MAX_TREE_BYTES`].
fn walk(
    dir: &Path,
    device_path: &str,
    snap: &mut Snapshot,
    count: &mut usize,
    bytes: &mut usize,
) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    if device_path.is_empty() {
        snap.nodes.insert("/".to_owned(), Node::Dir);
    } else {
        snap.nodes.insert(device_path.to_owned(), Node::Dir);
    }
    for entry in entries.flatten() {
        *count += 1;
        if *count > MAX_ENTRIES {
            return Ok(());
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = format!("{device_path}/{name}");
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            if let Ok(target) = fs::read_link(&path) {
                snap.nodes
                    .insert(child, Node::Link(target.to_string_lossy().into_owned()));
            }
        } else if meta.is_dir() {
            walk(&path, &child, snap, count, bytes)?;
        } else if meta.is_file() {
            // One byte past the largest cap, so an oversized file is still seen as oversized.
            if let Ok(contents) = read_capped(&path, TABLE_LIMIT + 1) {
                *bytes = bytes.saturating_add(contents.len());
                if *bytes > MAX_TREE_BYTES {
                    return Err(format!(
                        "its fs/ folder holds more than {} MiB of files (at {child})",
                        MAX_TREE_BYTES / (1024 * 1024)
                    ));
                }
                snap.nodes.insert(child, Node::File(contents));
            }
        }
    }
    Ok(())
}

/// A regular file's first `limit` bytes. Anything else (a FIFO, a device, a socket) is refused
/// before it is opened, since opening or reading it could block forever.
fn read_capped(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    if !fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let file = fs::File::open(path)?;
    let mut buf = Vec::new();
    file.take(u64::try_from(limit).unwrap_or(u64::MAX))
        .read_to_end(&mut buf)?;
    Ok(buf)
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

/// A text file, UTF-8 or UTF-16 (a dump saved by PowerShell's `>` is UTF-16).
fn optional_text(path: &Path) -> Option<String> {
    let bytes = read_capped(path, TABLE_LIMIT).ok()?;
    Some(crate::parse::reg_query::decode_text(&bytes))
}
