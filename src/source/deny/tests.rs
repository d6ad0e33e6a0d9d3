use super::*;
use crate::platform::Platform;
use crate::source::{Answer, Live, Recording, RegValue, Snapshot, Source, SourceError};

const BIOS: &str = r"HKLM\HARDWARE\DESCRIPTION\System\BIOS";
const CURRENT_VERSION: &str = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion";

/// One identifier of each kind: a machine-id path, a DMI serial, a MAC, an Android serial,
/// an IMEI property, a sysctl UUID, a registry product id and machine GUID.
fn identifiers() -> Vec<Query> {
    vec![
        Query::File("/etc/machine-id".into()),
        Query::File("/sys/class/dmi/id/product_serial".into()),
        Query::File("/sys/class/net/eth0/address".into()),
        Query::Link("/var/lib/dbus/machine-id".into()),
        Query::Property("ro.serialno".into()),
        Query::Property("persist.radio.imei".into()),
        Query::Sysctl("kern.uuid".into()),
        Query::Sysctl("kern.hostname".into()),
        Query::Registry(CURRENT_VERSION.into(), "ProductId".into()),
        Query::Registry(CURRENT_VERSION.into(), "DigitalProductId".into()),
        Query::Registry(
            r"HKLM\SOFTWARE\Microsoft\Cryptography".into(),
            "MachineGuid".into(),
        ),
        Query::Registry(BIOS.into(), "SystemSerialNumber".into()),
    ]
}

#[test]
fn the_rules() {
    for q in identifiers() {
        assert!(refuses(&q), "{q:?}");
    }
    for q in [
        Query::File("/etc/os-release".into()),
        Query::File("/sys/class/dmi/id/product_name".into()),
        Query::File("/sys/class/net/eth0/operstate".into()),
        Query::Dir("/sys/class/dmi/id".into()),
        Query::Property("ro.product.model".into()),
        Query::Sysctl("hw.model".into()),
        Query::Registry(BIOS.into(), "SystemProductName".into()),
        Query::Registry(CURRENT_VERSION.into(), "ProductName".into()),
        Query::Interfaces,
    ] {
        assert!(!refuses(&q), "{q:?}");
    }
    assert!(registry(
        r"HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName",
        "ComputerName"
    ));
    assert!(property("ro.boot.serialno") && property("ril.iccid.sim1"));
    assert!(sysctl("kern.bootsessionuuid"));
}

/// A snapshot that holds every identifier, as a hostile capture could.
fn device_with_identifiers() -> Snapshot {
    Snapshot::new(Platform::Android)
        .file("/etc/machine-id", "0123456789abcdef0123456789abcdef\n")
        .file("/sys/class/dmi/id/product_serial", "PF0ABCDE\n")
        .file("/sys/class/net/eth0/address", "02:00:00:00:00:01\n")
        .link("/var/lib/dbus/machine-id", "/etc/machine-id")
        .property("ro.serialno", "R58N12345")
        .property("persist.radio.imei", "490154203237518")
        .sysctl("kern.uuid", "8C1B1A2E-0000-0000-0000-000000000000")
        .sysctl("kern.hostname", "janes-mac")
        .registry(
            CURRENT_VERSION,
            "ProductId",
            RegValue::Sz("00330-80000-00000-AA123".into()),
        )
        .registry(
            CURRENT_VERSION,
            "DigitalProductId",
            RegValue::Binary(vec![1, 2, 3]),
        )
        .registry(
            r"HKLM\SOFTWARE\Microsoft\Cryptography",
            "MachineGuid",
            RegValue::Sz("2b9e7c1e-0000-0000-0000-000000000000".into()),
        )
        .registry(BIOS, "SystemSerialNumber", RegValue::Sz("PF0ABCDE".into()))
        .property("ro.product.model", "Pixel 8")
}

#[test]
fn a_snapshot_refuses() {
    let device = device_with_identifiers();
    for q in identifiers() {
        assert_eq!(device.query(&q), Err(SourceError::Unsupported), "{q:?}");
    }
    assert_eq!(
        device.query(&Query::Property("ro.product.model".into())),
        Ok(Answer::Text("Pixel 8".into()))
    );
}

/// A source that answers every query, whatever it is: only the recording's own rule stands
/// between a probe and an identifier.
struct AnswersAnything;

impl Source for AnswersAnything {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, _: &Query) -> Result<Answer, SourceError> {
        Ok(Answer::Text("0123456789".into()))
    }
}

#[test]
fn a_recording_refuses_and_records_the_refusal() {
    let rec = Recording::new(AnswersAnything);
    for q in identifiers() {
        assert_eq!(rec.query(&q), Err(SourceError::Unsupported), "{q:?}");
    }
    assert!(rec.query(&Query::Sysctl("hw.model".into())).is_ok());
    let recorded = rec.recorded();
    assert_eq!(recorded.len(), identifiers().len() + 1);
    assert!(
        recorded
            .iter()
            .filter(|r| refuses(&r.query))
            .all(|r| r.answer == Err(SourceError::Unsupported))
    );
}

#[test]
fn the_live_source_refuses() {
    // On this machine `/etc/machine-id` usually exists and is readable: only the rule
    // keeps it out.
    let live = Live::new();
    for q in identifiers() {
        assert_eq!(live.query(&q), Err(SourceError::Unsupported), "{q:?}");
    }
}

#[test]
fn normal_paths_are_borrowed_and_others_normalized() {
    for p in [
        "/",
        "/etc/os-release",
        "/sys/class/net/eth0/type",
        "/a/.../b",
        "/.x/..y",
    ] {
        assert!(
            matches!(normalized(p), std::borrow::Cow::Borrowed(_)),
            "{p}"
        );
        assert_eq!(normalized(p), normalize(p), "{p}");
    }
    for p in [
        "",
        "//",
        "/etc/",
        "/etc/./machine-id",
        "//etc/machine-id",
        "/etc/../etc/machine-id",
        "/.",
        "/..",
        "/a/.",
        "/a/..",
        "etc/passwd",
        "/a//b",
    ] {
        assert!(matches!(normalized(p), std::borrow::Cow::Owned(_)), "{p}");
        assert_eq!(normalized(p), normalize(p), "{p}");
    }
    assert!(judge("/etc/machine-id") && !judge("/etc/os-release"));
    assert!(judge("/sys/devices/virtual/dmi/id/product_serial"));
    assert!(judge(
        "/sys/devices/pci0000:00/0000:00:03.0/virtio2/net/eth0/address"
    ));
    assert!(judge("/proc/1234/net/arp") && judge("/proc/self/net/arp"));
    assert!(judge("/proc/1234/environ") && judge("/proc/self/task/1/root"));
}

#[test]
fn the_eight_byte_scan_agrees_with_the_component_rules() {
    // Paths of 2 to 18 bytes over `/`, `.` and `a`, starting with `/` (all up to 10 bytes).
    let alphabet = [b'/', b'.', b'a'];
    for len in 2..=18u32 {
        let count = 3usize.pow(len - 1).min(20_000);
        for n in 0..count {
            let mut p = vec![b'/'];
            let mut k = n;
            for _ in 1..len {
                p.push(alphabet[k % 3]);
                k /= 3;
            }
            let path = std::str::from_utf8(&p).unwrap();
            assert_eq!(
                matches!(normalized(path), std::borrow::Cow::Borrowed(_)),
                normalize(path) == path,
                "{path}"
            );
        }
    }
}

#[test]
fn the_word_scan_agrees_with_the_component_rules_at_every_length() {
    // Pseudo-random paths of 2 to 40 bytes over `/`, `.` and `a`, mostly letters.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut normal = [0usize; 2];
    for _ in 0..60_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = 2 + (seed % 39) as usize;
        let mut bits = seed.rotate_left(17);
        let mut p = vec![b'/'];
        for i in 1..len {
            if i % 16 == 0 {
                bits = bits.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
            }
            p.push([b'a', b'a', b'/', b'.'][(bits & 3) as usize]);
            bits >>= 2;
        }
        let path = std::str::from_utf8(&p).unwrap();
        let borrowed = matches!(normalized(path), std::borrow::Cow::Borrowed(_));
        assert_eq!(borrowed, normalize(path) == path, "{path}");
        normal[usize::from(borrowed && len > 16)] += 1;
    }
    assert!(normal[1] > 500, "{normal:?}");
}

#[test]
fn every_refused_path_ends_in_a_refusable_name_or_goes_through_a_process_link() {
    let dirs = [
        "/etc",
        "/proc",
        "/proc/1",
        "/proc/self",
        "/proc/1/task/2",
        "/proc/1/net",
        "/proc/sys/kernel",
        "/proc/sys/kernel/random",
        "/sys/class/dmi/id",
        "/sys/devices/virtual/dmi/id",
        "/sys/devices/pci0000:00/0000:00:03.0/virtio2/net/eth0",
        "/sys/firmware/devicetree/base",
        "/proc/device-tree",
        "/var/lib/dbus",
        "/var/log",
        "/run",
        "/var/run",
    ];
    let mut names: Vec<&str> = NAMED.to_vec();
    names.extend(FILES.iter().filter_map(|f| f.rsplit('/').next()));
    names.extend([
        "type",
        "uevent",
        "osrelease",
        "route",
        "status",
        "os-release",
        "x",
    ]);
    let links = ["root", "cwd", "exe", "fd", "map_files", "thread-self"];
    let mut refused = 0;
    for dir in dirs {
        for name in &names {
            let path = format!("{dir}/{name}");
            let through_link = path.split('/').rev().skip(1).any(|c| links.contains(&c));
            if judge(&path) && !through_link {
                refused += 1;
                assert!(refusable_name(name), "{path}");
            }
        }
    }
    assert!(refused > 40, "{refused}");
    for f in FILES {
        assert!(refusable_name(f.rsplit('/').next().unwrap()), "{f}");
    }
    assert!(!refusable_name("type") && !refusable_name("osrelease") && !refusable_name("uevent"));
    // The `match` of `refusable_name` knows exactly the listed names.
    for n in NAMED {
        assert!(refusable_name(n), "{n}");
        assert!(
            !refusable_name(&format!("{n}x")) && !refusable_name(&format!("x{n}")),
            "{n}"
        );
    }
}

/// The rules as they were written before the judgement dispatched on the last name: the list,
/// then the per-process links, then the names.
fn judge_by_scanning(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if FILES.contains(&path) || escapes(path.as_bytes()) {
        return true;
    }
    match name {
        "product_serial" | "product_uuid" | "board_serial" | "chassis_serial"
        | "board_asset_tag" | "chassis_asset_tag" | "serial-number" => {
            path.contains("/dmi/") || path.contains("devicetree") || path.contains("device-tree")
        }
        "address" => path.contains("/net/"),
        "environ" | "cmdline" => path.starts_with("/proc/"),
        "arp" => path.starts_with("/proc/") && path.ends_with("/net/arp"),
        _ => false,
    }
}

#[test]
fn the_dispatch_on_the_last_name_judges_as_the_scan_of_every_rule() {
    let dirs = [
        "",
        "/",
        "/etc",
        "/etc/x",
        "/proc",
        "/proc/net",
        "/proc/1",
        "/proc/self",
        "/proc/thread-self",
        "/proc/1/task/2",
        "/proc/self/task/self/fd",
        "/proc/1/root/etc",
        "/proc/1/net",
        "/proc/sys/kernel",
        "/proc/sys/kernel/random",
        "/sys/class/dmi/id",
        "/sys/devices/virtual/dmi/id",
        "/sys/class/net/eth0",
        "/sys/firmware/devicetree/base",
        "/proc/device-tree",
        "/var/lib/dbus",
        "/var/log",
        "/run",
        "/var/run",
        "/home/net",
    ];
    let mut names: Vec<&str> = NAMED.to_vec();
    names.extend([
        "type",
        "uevent",
        "os-release",
        "",
        "x",
        "net",
        "task",
        "self",
        "1",
    ]);
    let mut refused = 0;
    for dir in dirs {
        for name in &names {
            let path = format!("{dir}/{name}");
            assert_eq!(judge(&path), judge_by_scanning(&path), "{path}");
            assert_eq!(judge_bytes(path.as_bytes()), judge(&path), "{path}");
            refused += usize::from(judge(&path));
        }
    }
    assert!(refused > 60, "{refused}");
    for f in FILES {
        assert!(judge(f), "{f}");
    }
    // Bytes that are not UTF-8 are judged as their lossy text.
    for raw in [
        &b"/sys/class/net/\xffeth0/address"[..],
        b"/proc/\xff/environ",
        b"/sys/\xc3/dmi/x/product_serial",
        b"/etc/machine-id\xff",
        b"/proc/12\xff/root",
    ] {
        let lossy = String::from_utf8_lossy(raw);
        assert_eq!(judge_bytes(raw), judge(&lossy), "{lossy}");
    }
}

#[test]
fn the_last_slash_is_found_a_word_at_a_time_as_byte_by_byte() {
    for len in 0..40 {
        for at in 0..=len {
            for second in [None, Some(at / 2)] {
                let mut p = vec![b'a'; len];
                if let Some(b) = p.get_mut(at) {
                    *b = b'/';
                }
                if let Some(b) = second.and_then(|s| p.get_mut(s)) {
                    *b = b'/';
                }
                // Bytes next to `/` in value, and high bytes, are not `/`.
                if let Some(b) = p.get_mut(len.saturating_sub(1)).filter(|b| **b != b'/') {
                    *b = if len % 2 == 0 { b'.' } else { 0xaf };
                }
                let want = p.iter().rposition(|b| *b == b'/');
                assert_eq!(last_slash(&p), want, "{p:?}");
            }
        }
    }
}
