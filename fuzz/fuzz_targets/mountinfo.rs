//! `/proc/self/mountinfo`: no panic; a mount point read back is judged by the last mount listed
//! on that very point (a mount covers its own point; a longer one cannot).
#![no_main]

use devprobe::__fuzzing::mountinfo::{Kind, mounts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let table = mounts(data);
    let listed: Vec<(&str, Kind)> = table.iter().collect();
    assert_eq!(listed.len(), table.len());
    for (point, kind) in &listed {
        if point.starts_with('/') {
            // Its own point is judged by it or by a mount on top of it at the same point.
            let on_top = listed.iter().rev().find(|(p, _)| p == point).map(|(_, k)| *k);
            assert_eq!(table.covering(point), Some(on_top.unwrap_or(*kind)));
            assert_eq!(
                table.trusted(point),
                matches!(on_top, Some(Kind::KernelTree | Kind::Local))
            );
        }
    }
    if table.kernel_trees_clean() {
        assert_eq!(table.covering("/proc"), Some(Kind::KernelTree));
    }
});
