//! `build.prop` files: no panic; names are non-empty, names and values trimmed single lines;
//! and the lines written back (`name=value`, `import path [filter]`) parse to the same lines.
#![no_main]

use devprobe::__fuzzing::getprop::{BuildPropLine, parse_build_prop, parse_build_prop_lines};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let lines = parse_build_prop_lines(&text);
    let mut written = String::new();
    for line in &lines {
        match line {
            BuildPropLine::Property(name, value) => {
                assert!(!name.is_empty() && name.trim() == name && value.trim() == value);
                assert!(!name.contains('\n') && !value.contains('\n'));
                written.push_str(&format!("{name}={value}\n"));
            }
            BuildPropLine::Import(path, filter) => {
                assert!(!path.is_empty() && !path.contains(char::is_whitespace));
                match filter {
                    Some(f) => written.push_str(&format!("import {path} {f}\n")),
                    None => written.push_str(&format!("import {path}\n")),
                }
            }
            _ => {}
        }
    }
    assert_eq!(parse_build_prop_lines(&written), lines, "{written:?}");
    assert!(parse_build_prop(&text).len() <= lines.len());
});
