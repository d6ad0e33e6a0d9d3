//! `/proc/self/mountinfo`: no panic; a mount point read back is judged by the last mount listed
//! on that very point (a mount covers its own point; a longer one cannot).
#![no_main]

use devprobe::__fuzzing::mountinfo::{mounts, trusted};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let table = mounts(data);
    for (point, ok) in &table {
        if point.starts_with('/') {
            // Its own point is judged by it or by a mount on top of it at the same point.
            let on_top = table.iter().rev().find(|(p, _)| p == point).map(|(_, o)| *o);
            assert_eq!(trusted(&table, point), on_top.unwrap_or(*ok));
        }
    }
});
