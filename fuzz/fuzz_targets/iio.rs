//! IIO sysfs values: raw readings round-trip through their decimal form, scales are finite and
//! positive, and a mount matrix has finite entries, no zero row, and reads back the same from
//! the `a, b, c; d, e, f; g, h, i` text it is written as.
#![no_main]

use devprobe::__fuzzing::iio::{parse_mount_matrix, parse_raw, parse_scale};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    if let Ok(v) = parse_raw(&text) {
        assert_eq!(parse_raw(&format!("{v}\n")), Ok(v));
    }
    if let Ok(s) = parse_scale(&text) {
        assert!(s.is_finite() && s > 0.0, "{s}");
        assert_eq!(parse_scale(&format!("{s}")).ok(), Some(s));
    }
    if let Ok(m) = parse_mount_matrix(&text) {
        let rows = m.rows();
        for row in rows {
            assert!(row.iter().all(|v| v.is_finite()));
            assert!(row.iter().any(|v| *v != 0.0));
        }
        let written = rows
            .iter()
            .map(|r| format!("{}, {}, {}", r[0], r[1], r[2]))
            .collect::<Vec<_>>()
            .join("; ");
        assert_eq!(parse_mount_matrix(&written), Ok(m), "{written}");
        let _ = m.apply([1.0, -256.0, f64::MAX]);
    }
});
