//! Android system properties emulated from partition `build.prop` files, for snapshots that
//! carry `fs/` partitions instead of a `getprop.txt` dump.

use super::Snapshot;

/// The value `name` would have at runtime on the device whose partitions the snapshot holds,
/// or `None` when no partition sets it.
pub(crate) fn property_from_partitions(snap: &Snapshot, name: &str) -> Option<String> {
    // Replaced by the Android work: init's load order over every partition's build.prop.
    let bytes = snap.file_bytes("/system/build.prop")?;
    let text = String::from_utf8_lossy(&bytes);
    crate::parse::getprop::parse_build_prop(&text)
        .into_iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v)
        .next_back()
}
