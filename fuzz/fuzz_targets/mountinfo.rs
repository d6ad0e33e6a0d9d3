//! `/proc/self/mountinfo`: no panic; a mount point read back is judged by the last mount listed
//! on that very point (a mount covers its own point; a longer one cannot).
#![no_main]

use devprobe::__fuzzing::mountinfo::{Kind, covering, kernel_trees_clean, mounts, trusted};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let table = mounts(data);
    for (point, kind) in &table {
        if point.starts_with('/') {
            // Its own point is judged by it or by a mount on top of it at the same point.
            let on_top = table.iter().rev().find(|(p, _)| p == point).map(|(_, k)| *k);
            assert_eq!(covering(&table, point), Some(on_top.unwrap_or(*kind)));
            assert_eq!(
                trusted(&table, point),
                matches!(on_top, Some(Kind::KernelTree | Kind::Local))
            );
        }
    }
    if kernel_trees_clean(&table) {
        assert_eq!(covering(&table, "/proc"), Some(Kind::KernelTree));
    }
});
