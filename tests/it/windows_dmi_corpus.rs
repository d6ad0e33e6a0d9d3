//! Windows decides brand and model exactly as Linux does: for every DMI set of
//! linux-hardware.org's corpus (`../shared/corpus/linux-dmi/reports.tsv`, 41,000 sets, and the
//! 94 hard cases of `samples.tsv`), a Windows snapshot holding the same SMBIOS strings in
//! `HKLM\HARDWARE\DESCRIPTION\System\BIOS` reports the same device object, and the same reason
//! for each device field it omits, as a Linux snapshot holding them in `/sys/class/dmi/id`.

use crate::linux_device_support;

use std::collections::HashMap;

use devprobe::source::{RegValue, Snapshot};
use devprobe::{Field, OmitReason, Platform, Report};
use linux_device_support::{corpus, dmi_snapshot, read_tsv, report};

const BIOS: &str = r"HKLM\HARDWARE\DESCRIPTION\System\BIOS";

/// DMI file → the registry value Windows keeps it in.
const REGISTRY_NAMES: [(&str, &str); 6] = [
    ("sys_vendor", "SystemManufacturer"),
    ("product_name", "SystemProductName"),
    ("product_version", "SystemVersion"),
    ("product_family", "SystemFamily"),
    ("board_vendor", "BaseBoardManufacturer"),
    ("board_name", "BaseBoardProduct"),
];

const DEVICE: [Field; 4] = [
    Field::DeviceBrand,
    Field::DeviceManufacturer,
    Field::DeviceModel,
    Field::DeviceModelIdentifier,
];

fn registry_snapshot(row: &HashMap<String, String>) -> Snapshot {
    let mut snap = Snapshot::new(Platform::Windows);
    for (dmi, value_name) in REGISTRY_NAMES {
        if let Some(value) = row.get(dmi) {
            snap = snap.registry(BIOS, value_name, RegValue::Sz(value.clone()));
        }
    }
    snap
}

fn omissions(r: &Report) -> Vec<(Field, Option<OmitReason>)> {
    DEVICE.iter().map(|f| (*f, r.omission(*f))).collect()
}

/// Every row's Windows device equals its Linux device; returns the number of rows compared.
fn compare(rows: &[HashMap<String, String>], label: &str) -> usize {
    let mut differ = Vec::new();
    for row in rows {
        let linux = report(dmi_snapshot(row));
        let windows = report(registry_snapshot(row));
        if linux.device != windows.device || omissions(&linux) != omissions(&windows) {
            differ.push(format!(
                "{row:?}\n  linux:   {:?} {:?}\n  windows: {:?} {:?}",
                linux.device,
                omissions(&linux),
                windows.device,
                omissions(&windows)
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{label}: {} of {} DMI sets differ, first ones:\n{}",
        differ.len(),
        rows.len(),
        differ
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    println!("{label}: {} DMI sets, Windows = Linux for all", rows.len());
    rows.len()
}

#[test]
fn hard_samples_give_the_same_device_on_windows_and_linux() {
    let Some(dir) = corpus("linux-dmi") else {
        return;
    };
    let rows = read_tsv(&dir.join("samples.tsv"));
    assert_eq!(compare(&rows, "samples.tsv"), 94);
}

#[test]
fn every_corpus_dmi_set_gives_the_same_device_on_windows_and_linux() {
    let Some(dir) = corpus("linux-dmi") else {
        return;
    };
    let rows = read_tsv(&dir.join("reports.tsv"));
    assert!(compare(&rows, "reports.tsv") > 40_000);
}

#[test]
fn thinkpad_x1_carbon_gen_9_on_windows() {
    let row: HashMap<String, String> = [
        ("sys_vendor", "LENOVO"),
        ("product_name", "20XW0055US"),
        ("product_version", "ThinkPad X1 Carbon Gen 9"),
        ("product_family", "ThinkPad X1 Carbon Gen 9"),
        ("board_vendor", "LENOVO"),
        ("board_name", "20XW0055US"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let d = report(registry_snapshot(&row)).device;
    assert_eq!(d.brand.as_deref(), Some("Lenovo"));
    assert_eq!(d.manufacturer.as_deref(), Some("LENOVO"));
    assert_eq!(d.model.as_deref(), Some("ThinkPad X1 Carbon Gen 9"));
    assert_eq!(d.model_identifier.as_deref(), Some("20XW0055US"));
}
