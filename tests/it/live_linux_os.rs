//! The OS facts of the machine the tests run on, read live, checked against the files themselves
//! and cross-checked against `sysinfo`.
//!
//! Where sysinfo and devprobe differ, and why (none of it shows on a stock Debian 12):
//! - sysinfo takes the *first* `KEY=` line and deletes every `"` instead of unquoting, so
//!   single quotes, backslash escapes and a repeated key read differently; os-release(5) says
//!   the last assignment wins and values are shell-quoted, which devprobe follows.
//! - sysinfo reads only `/etc/os-release` (then `/etc/lsb-release` for any distribution);
//!   devprobe falls back to `/usr/lib/os-release`, and takes an lsb-release or release-file
//!   version only when that file names the same distribution.
//! - sysinfo reports the raw `ID`; devprobe reports one id per distribution (`ol` → `oracle`,
//!   `opensuse-leap` → `opensuse`), and `Linux`/`linux` when os-release sets no NAME/ID.
//! - The kernel: sysinfo asks `uname(2)`, devprobe reads `/proc/sys/kernel/osrelease`; the
//!   kernel answers both from the same `utsname.release`, so they must be equal.
#![cfg(target_os = "linux")]

use devprobe::{Collector, Consent, Field, OmitReason, OsType, Purpose, Report};
use sysinfo::System;

fn live_report() -> Result<Report, devprobe::Error> {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).build();
    consent.grant([Purpose::Compatibility]);
    collector.collect()
}

/// `KEY`'s value in this machine's os-release, read the simple way (enough for the plain
/// `KEY="value"` lines real distributions write).
fn os_release(key: &str) -> Option<String> {
    let text = std::fs::read_to_string("/etc/os-release")
        .or_else(|_| std::fs::read_to_string("/usr/lib/os-release"))
        .ok()?;
    text.lines()
        .filter_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .next_back()
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
        .filter(|v| !v.is_empty())
}

#[test]
fn os_facts_match_this_machines_os_release() {
    let report = live_report().unwrap();
    assert_eq!(report.os.os_type, Some(OsType::Linux));
    assert_eq!(
        report.os.name,
        Some(os_release("NAME").unwrap_or_else(|| "Linux".into()))
    );
    assert_eq!(report.os.version, os_release("VERSION_ID"));
    assert_eq!(report.os.display_version, os_release("VERSION"));
    assert_eq!(report.os.build_id, os_release("BUILD_ID"));
    assert_eq!(
        report.omission(Field::OsSdkLevel),
        Some(OmitReason::Unsupported)
    );
    if report.os.build_id.is_none() {
        assert_eq!(
            report.omission(Field::OsBuildId),
            Some(OmitReason::NotFound)
        );
    }
}

#[test]
fn this_debian_12_machine() {
    let debian_12 =
        std::fs::read_to_string("/etc/debian_version").is_ok_and(|v| v.starts_with("12."));
    if !debian_12 {
        eprintln!("skipped: this machine is not Debian 12 (the development machine is)");
        return;
    }
    let report = live_report().unwrap();
    assert_eq!(report.os.id.as_deref(), Some("debian"));
    assert_eq!(report.os.name.as_deref(), Some("Debian GNU/Linux"));
    assert_eq!(report.os.version.as_deref(), Some("12"));
    assert_eq!(report.os.display_version.as_deref(), Some("12 (bookworm)"));
}

#[test]
fn kernel_version_is_the_running_kernels_release() {
    let report = live_report().unwrap();
    let proc = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    assert_eq!(report.os.kernel_version.as_deref(), Some(proc.trim()));
    assert_eq!(report.os.kernel_version, System::kernel_version().ok());
}

#[test]
fn sysinfo_agrees_on_name_version_and_id() {
    let report = live_report().unwrap();
    let sysinfo_name = System::name().ok();
    let sysinfo_version = System::os_version().ok();
    println!(
        "devprobe: {:?} {:?} {:?}",
        report.os.id, report.os.name, report.os.version
    );
    println!(
        "sysinfo:  {:?} {sysinfo_name:?} {sysinfo_version:?}",
        System::distribution_id()
    );
    assert_eq!(report.os.name, sysinfo_name);
    assert_eq!(report.os.version, sysinfo_version);
    let id = match System::distribution_id().as_str() {
        "ol" => "oracle".to_owned(),
        "opensuse-leap" => "opensuse".to_owned(),
        other => other.to_owned(),
    };
    assert_eq!(report.os.id, Some(id));
}
