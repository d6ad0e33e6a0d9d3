//! User-Agent strings and WeChat's `system`/`model` strings: no panic; a rejected string is one
//! over the cap or with a control character; every value the parsers return was in the input,
//! is trimmed, and a version is dot-separated digits (`10_15_7` written as `10.15.7`).
#![no_main]

use devprobe::__fuzzing::user_agent::{Claim, MAX_LEN, parse_user_agent};
use devprobe::__fuzzing::wx::{parse_wx_model, parse_wx_system};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fn dotted(v: &str) -> bool {
    !v.is_empty()
        && v.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    match parse_user_agent(&input) {
        Ok(ua) => {
            if let Some(os) = &ua.os
                && let Some(v) = &os.version
            {
                assert!(dotted(v.as_str()), "{v:?}");
                // `_` and `.` both separate version parts (`10_15_7`, `10.15`).
                assert!(input.replace('_', ".").contains(v.as_str()), "{v:?}");
            }
            if let Some(model) = &ua.model {
                let m = model.as_str();
                assert!(!m.is_empty() && m.trim() == m && input.contains(m), "{m:?}");
                assert_eq!(model.stated().is_none(), matches!(model, Claim::Reduced(_)));
            }
        }
        Err(_) => assert!(input.len() > MAX_LEN || input.chars().any(char::is_control)),
    }
    if let Some(s) = parse_wx_system(&input) {
        assert!(!s.name.is_empty() && input.contains(&s.name));
        if let Some(v) = &s.version {
            assert!(input.contains(v.as_str()));
        }
    }
    if let Some(m) = parse_wx_model(&input) {
        assert!(!m.name.is_empty() && m.name.trim() == m.name && input.contains(&m.name));
        assert!(!m.name.eq_ignore_ascii_case("unknown"));
    }
});
