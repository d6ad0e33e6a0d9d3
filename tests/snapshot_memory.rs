// Own binary: it measures this process's peak memory (VmHWM) and bytes read (/proc/self/io), which other tests running in parallel would disturb.
//! A snapshot of 200 sparse 16 MiB route tables (issue 17, D5): loading lists them without
//! reading, and all reads of the replay together stay within `SNAPSHOT_READ_BUDGET` (64 MiB),
//! in bytes read and in memory. Before, loading alone read every file (13.6 s, 3.28 GB RSS).
//! Linux only (it reads `/proc/self`); elsewhere it says so and passes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Instant;

use devprobe::source::{Answer, Query, SNAPSHOT_READ_BUDGET, Snapshot, Source, TABLE_LIMIT};

/// A `/proc/self/<file>` field in kB or bytes, as a number.
fn proc_self(file: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/self/{file}")).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn two_hundred_sparse_16_mib_files_stay_within_the_64_mib_budget() {
    if !cfg!(target_os = "linux") || proc_self("io", "rchar:").is_none() {
        eprintln!("skipped: needs Linux's /proc/self/io and VmHWM");
        return;
    }
    let dir = std::env::temp_dir().join(format!("devprobe-snapmem-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("fs/proc/net")).unwrap();
    std::fs::write(dir.join("platform"), "linux\n").unwrap();
    for i in 0..200 {
        let f = std::fs::File::create(dir.join(format!("fs/proc/net/t{i}"))).unwrap();
        f.set_len(TABLE_LIMIT as u64).unwrap();
    }
    // Peak memory from here on (clear_refs 5 resets VmHWM to the current RSS).
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let rss_before = proc_self("status", "VmHWM:").unwrap();
    let read_before = proc_self("io", "rchar:").unwrap();

    let start = Instant::now();
    let snap = Snapshot::from_dir(&dir).unwrap();
    let loaded = start.elapsed();
    let read_loading = proc_self("io", "rchar:").unwrap() - read_before;

    let (mut answered, mut refused, mut bytes) = (0, 0, 0usize);
    for i in 0..200 {
        match snap.query(&Query::File(format!("/proc/net/t{i}"))) {
            Ok(Answer::Bytes(b)) => {
                answered += 1;
                bytes += b.len();
            }
            Err(_) => refused += 1,
            Ok(other) => panic!("{other:?}"),
        }
    }
    // A file read once is answered again from memory, without reading.
    let again = snap.query(&Query::File("/proc/net/t0".into()));
    let took = start.elapsed();
    let read_total = proc_self("io", "rchar:").unwrap() - read_before;
    let rss_growth_kib = proc_self("status", "VmHWM:").unwrap() - rss_before;
    drop(snap);
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "load {loaded:?} ({read_loading} bytes read); 200 queries: {answered} answered \
         ({bytes} bytes), {refused} refused; {read_total} bytes read in all; peak RSS +{rss_growth_kib} KiB; {took:?}"
    );
    assert!(matches!(again, Ok(Answer::Bytes(b)) if b.len() == TABLE_LIMIT));
    // Loading reads the platform file and listings, not the tables.
    assert!(
        read_loading < 1024 * 1024,
        "loading read {read_loading} bytes"
    );
    // 64 MiB holds three whole 16 MiB tables (each read reserves one byte past its size).
    assert_eq!((answered, refused), (3, 197));
    assert_eq!(bytes, 3 * TABLE_LIMIT);
    let budget = SNAPSHOT_READ_BUDGET as u64;
    assert!(
        read_total <= budget + 1024 * 1024,
        "read {read_total} bytes"
    );
    // The tables kept (48 MiB) plus one answer's copy (16 MiB), with room for the allocator.
    assert!(
        rss_growth_kib < 100 * 1024,
        "peak RSS grew {rss_growth_kib} KiB"
    );
}
