//! The rough edges a newcomer hit (issue 12's list), each with its exact input:
//!
//! - a snapshot whose `host.json`, `interfaces.json`, `adapters.json`, `display.json` or
//!   `windows_version.json` does not parse is unusable: `Snapshot::from_dir` names the file and
//!   the parser's error, and the report example exits 2 with that one line;
//! - `HostOrientation::new` refuses a rotation outside {0, 90, 180, 270};
//! - the report example refuses `--capture FILE`, a flag taken as a value (`--capture
//!   --pretty`) and a repeated `--purposes` with exit 2 and one clear line, and `--help` lists
//!   every flag and exit code;
//! - the report example ends quietly (exit 0, capture still written) when its reader is gone
//!   (`report | head -1` used to panic with "failed printing to stdout: Broken pipe").

use std::path::{Path, PathBuf};
use std::process::Command;

use devprobe::source::{Snapshot, Source};
use devprobe::{HostOrientation, Orientation};

#[test]
fn host_orientation_new_refuses_a_rotation_that_is_not_a_quarter_turn() {
    for d in [0, 90, 180, 270] {
        let o = HostOrientation::new(Orientation::PortraitPrimary, Some(d)).unwrap();
        assert_eq!(o.rotation_degrees, Some(d));
    }
    let none = HostOrientation::new(Orientation::LandscapeSecondary, None).unwrap();
    assert_eq!(none.rotation_degrees, None);
    for d in [1, 45, 89, 360, 450, u16::MAX] {
        let err = HostOrientation::new(Orientation::PortraitPrimary, Some(d)).unwrap_err();
        assert!(err.to_string().contains(&d.to_string()), "{err}");
    }
}

/// A fresh folder under the target directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("devprobe-newcomer-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, text: &str) -> &Scratch {
        std::fs::write(self.0.join(name), text).unwrap();
        self
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Each JSON file with bad content, and what the error must say.
const BAD_JSON: &[(&str, &str, &str)] = &[
    (
        "host.json",
        "{\"network\": ",
        "host.json does not parse: EOF while parsing",
    ),
    (
        "host.json",
        r#"{"network": {"connection_type": "ethernet"}}"#,
        "host.json does not parse: unknown connection type \"ethernet\" at line 1 column 43",
    ),
    (
        "interfaces.json",
        r#"[{"name": "eth0", "ip": "192.168.1.300"}]"#,
        "interfaces.json does not parse: invalid IP address syntax",
    ),
    (
        "adapters.json",
        "not json",
        "adapters.json does not parse: expected ident at line 1 column 2",
    ),
    ("display.json", "[1, 2", "display.json does not parse: "),
    (
        "windows_version.json",
        "{",
        "windows_version.json does not parse: ",
    ),
];

#[test]
fn a_snapshot_json_file_that_does_not_parse_makes_it_unusable() {
    for (i, (file, text, want)) in BAD_JSON.iter().enumerate() {
        let dir = Scratch::new(&format!("json{i}"));
        dir.write("platform", "linux\n").write(file, text);
        let err = Snapshot::from_dir(&dir.0).unwrap_err().to_string();
        assert!(err.starts_with("unusable snapshot "), "{err}");
        assert!(err.contains(want), "{file} {text:?}: {err}");
        assert!(err.len() < 400, "{err}");
    }
    // The same files, well-formed, load; missing ones are simply absent.
    let dir = Scratch::new("json-ok");
    dir.write("platform", "linux\n")
        .write("host.json", r#"{"network": {"connection_type": "wifi"}}"#)
        .write(
            "interfaces.json",
            r#"[{"name": "eth0", "ip": "192.168.1.9", "prefix_len": 24}]"#,
        );
    let snap = Snapshot::from_dir(&dir.0).unwrap();
    assert_eq!(
        snap.host_facts().network.and_then(|n| n.connection_type),
        Some(devprobe::ConnectionType::Wifi)
    );
}

// ---- the report example, run as a user runs it ------------------------------------------

/// The report example's binary, built if needed (`cargo test` builds it already).
fn report_example() -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args(["build", "-q", "--example", "report"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success());
    // target/<profile>/deps/<this test> → target/<profile>/examples/report
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().and_then(Path::parent).unwrap();
    profile
        .join("examples")
        .join(format!("report{}", std::env::consts::EXE_SUFFIX))
}

/// Runs the example with `args`: (exit code, stdout, stderr).
fn report(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(report_example()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[track_caller]
fn refused(args: &[&str], message: &str) {
    let (code, stdout, stderr) = report(args);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    assert_eq!(stdout, "", "{args:?}: nothing is read or printed");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
}

#[test]
fn the_report_example_refuses_bad_flags_up_front() {
    let dir = Scratch::new("flags");
    dir.write("a-file", "x");
    let file = dir.0.join("a-file");
    let file = file.to_str().unwrap();
    refused(&["--capture", file], "not a folder");
    refused(
        &["--capture", "--pretty"],
        "--capture needs a value, but the next argument is the flag \"--pretty\"",
    );
    refused(&["--snapshot", "--watch"], "--snapshot needs a value");
    refused(
        &["--purposes", "connectivity", "--purposes", "all"],
        "--purposes is given twice",
    );
    refused(&["--ip", "full", "--ip=omit"], "--ip is given twice");
    refused(&["--capture"], "--capture needs a value");
    // An empty path is not the current directory: nothing is written there.
    refused(
        &["--capture", ""],
        "--capture needs a folder, not an empty path",
    );
    refused(
        &["--snapshot="],
        "--snapshot needs a folder, not an empty path",
    );
    refused(&["--no-such-flag"], "--no-such-flag");

    // An unusable snapshot: exit 2, naming the file and the parser's error.
    let snap = Scratch::new("bad-host");
    snap.write("platform", "android\n")
        .write("host.json", "{oops");
    let path = snap.0.to_str().unwrap();
    refused(
        &["--snapshot", path],
        "host.json does not parse: key must be a string",
    );
}

/// `report | head -1` (a reader that is gone before the report is printed) used to panic
/// ("failed printing to stdout: Broken pipe", exit 101): now it ends quietly with 0, still
/// writes the capture asked for, and `--help | head` does the same.
#[test]
fn the_report_example_ends_quietly_when_its_reader_is_gone() {
    let capture = Scratch::new("reader-gone");
    let into = capture.0.join("capture");
    let into = into.to_str().unwrap();
    for args in [
        &["--purposes", "compatibility", "--capture", into][..],
        &["--purposes", "connectivity", "--pretty", "--watch"][..],
        &["--help"][..],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(report_example())
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // The capture is written although the report's reader is gone.
    let platform = std::fs::read_to_string(capture.0.join("capture/platform")).unwrap();
    let expected = devprobe::Platform::current().map_or("other", devprobe::Platform::as_str);
    assert_eq!(platform.trim(), expected);
}

#[test]
fn the_report_example_help_lists_every_flag_and_exit_code() {
    let (code, help, _) = report(&["--help"]);
    assert_eq!(code, 0);
    for flag in [
        "--pretty",
        "--purposes",
        "--ip",
        "--snapshot",
        "--capture",
        "--explain",
        "--watch",
        "--help",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}:\n{help}");
    }
    for code in ["0  ", "1  ", "2  ", "3  "] {
        assert!(
            help.contains(&format!("\n  {code}")),
            "--help lacks exit code {code}:\n{help}"
        );
    }
}
