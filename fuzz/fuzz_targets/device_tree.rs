//! Device-tree `model` and `compatible`: no panic on any bytes; a model is non-empty, trimmed,
//! without control characters, and parses to itself; `compatible` entries joined back with NULs
//! parse to the same list; a board revision is only ever cut from the end.
#![no_main]

use devprobe::__fuzzing::device_tree::{parse_compatible, parse_model, strip_board_revision};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(model) = parse_model(data) {
        assert!(!model.is_empty() && model.trim() == model);
        assert!(!model.chars().any(char::is_control), "{model:?}");
        assert_eq!(
            parse_model(model.as_bytes()).as_deref(),
            Some(model.as_str())
        );
        let name = strip_board_revision(&model);
        assert!(model.starts_with(name));
        assert!(
            name == model || !name.trim().is_empty(),
            "{model:?} → {name:?}"
        );
    }
    let list = parse_compatible(data);
    let mut joined = list.join("\0").into_bytes();
    joined.push(0);
    assert_eq!(parse_compatible(&joined), list);
});
