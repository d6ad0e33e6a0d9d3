//! A whole collect over an arbitrary device of each platform: files with any bytes (and right
//! at or past the read caps) at every path the probes read, directories where files belong,
//! symlinks (loops, dangling, to anywhere), properties, sysctls, registry values, interfaces, a
//! display and host pushes — with every purpose granted. The report must keep every invariant
//! of `tests/it/hardening_support.rs` (`check_report`) and no identifier may be read.
#![no_main]

use arbitrary::Unstructured;
use devprobe_fuzz::{device, hostile, hostname};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(device) = device(&mut u) else {
        return;
    };
    if let Err(broken) = hostile::collect_and_check(&device, hostname()) {
        panic!(
            "{broken}\n(a {} device of {} nodes)",
            device.platform,
            device.nodes.len()
        );
    }
});
