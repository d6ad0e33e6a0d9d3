//! DRM connector files: a status is one of the three words; a preferred mode has both sides
//! above zero and reads back the same from `WIDTHxHEIGHT`.
#![no_main]

use devprobe::__fuzzing::drm::{ConnectorStatus, parse_preferred_mode, parse_status};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    if let Ok(status) = parse_status(&text) {
        let word = match status {
            ConnectorStatus::Connected => "connected",
            ConnectorStatus::Disconnected => "disconnected",
            _ => "unknown",
        };
        assert_eq!(text.trim(), word);
    }
    match parse_preferred_mode(&text) {
        Ok(Some(mode)) => {
            assert!(mode.width > 0 && mode.height > 0);
            let written = format!("{}x{}\n", mode.width, mode.height);
            assert_eq!(parse_preferred_mode(&written), Ok(Some(mode)));
        }
        Ok(None) => assert!(text.trim().is_empty()),
        // The bad text is echoed, cut to 64 characters; escaped by `{:?}`, each can take up to
        // 10 bytes (`\u{10ffff}`).
        Err(e) => assert!(e.to_string().len() < 64 * 10 + 128, "{e}"),
    }
});
