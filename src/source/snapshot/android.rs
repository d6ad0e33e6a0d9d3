//! Android's runtime property store, emulated from the partition `build.prop` files a snapshot
//! holds at their on-device paths (`fs/system/build.prop`, `fs/vendor/build.prop`, ...), for
//! snapshots without a `getprop.txt` dump.
//!
//! It replays what init does at boot, in init's order:
//!
//! - **Android 10 and later** (`ro.build.version.sdk` ≥ 29 in `/system/build.prop`): the
//!   default-prop file (`/system/etc/prop.default`, else `/prop.default`, else `/default.prop`),
//!   `/system/build.prop`, the `system_ext` partition, `/system_dlkm/etc/build.prop`,
//!   `/vendor/default.prop`, `/vendor/build.prop`, `/vendor_dlkm/etc/build.prop`,
//!   `/odm_dlkm/etc/build.prop`, the `odm` partition, the `product` partition (and Android 10's
//!   `product_services`). A partition is read from `<root>/etc/build.prop`, else from its legacy
//!   `<root>/default.prop` and `<root>/build.prop`. A later file overrides an earlier one, `ro.*`
//!   included. Then init derives each empty `ro.product.{brand,device,manufacturer,model,name}`
//!   from the first non-empty `ro.product.<partition>.*` in `ro.product.property_source_order`
//!   (default `product,odm,vendor,system_ext,system`; Android 10:
//!   `product,product_services,odm,vendor,system`).
//! - **Android 9 and earlier**: the default-prop file, `/product/build.prop`,
//!   `/odm/default.prop`, `/vendor/default.prop`, `/system/build.prop`, `/odm/build.prop`,
//!   `/vendor/build.prop`; an `ro.*` property keeps the first value it was given (it is
//!   write-once), others the last.
//!
//! A partition without its own image lives inside another and is reached through a symlink on
//! the device (`/product` → `/system/product`, `/system_ext` → `/system/system_ext`, `/odm` →
//! `/vendor/odm`); the emulation follows the same path when only the inner one is present.
//! `import` lines are followed (with their filter, at most 8 deep). Not emulated: recovery mode,
//! `/factory/factory.prop`, `/data/local.prop`, persistent properties, and the values init or
//! vendor code compute at run time (fingerprints, `ro.boot.*`, `ro.serialno`).

use std::collections::BTreeMap;

use super::Snapshot;
use crate::parse::getprop::{
    BuildPropLine, default_property_source_order, filter_matches, parse_build_prop_lines,
    property_source_order,
};

/// The value `name` would have at runtime on the device whose partitions the snapshot holds,
/// or `None` when no partition sets it.
pub(crate) fn property_from_partitions(snap: &Snapshot, name: &str) -> Option<String> {
    runtime_properties(snap).remove(name)
}

/// Every property init would set from the snapshot's partition files.
pub(crate) fn runtime_properties(snap: &Snapshot) -> BTreeMap<String, String> {
    let sdk = system_sdk(snap);
    let modern = sdk.is_some_and(|s| s >= 29);
    let mut store = Store {
        snap,
        props: BTreeMap::new(),
        ro_write_once: !modern,
    };
    store.load_first(&["/system/etc/prop.default", "/prop.default", "/default.prop"]);
    if modern {
        store.load("/system/build.prop", None, 0);
        store.load_partition("system_ext");
        store.load("/system_dlkm/etc/build.prop", None, 0);
        store.load("/vendor/default.prop", None, 0);
        store.load("/vendor/build.prop", None, 0);
        store.load("/vendor_dlkm/etc/build.prop", None, 0);
        store.load("/odm_dlkm/etc/build.prop", None, 0);
        store.load_partition("odm");
        store.load_partition("product");
        store.load_partition("product_services");
        derive_product_props(&mut store.props, default_property_source_order(sdk));
    } else {
        let product = partition_root(snap, "product");
        store.load(&format!("{product}/build.prop"), None, 0);
        let odm = partition_root(snap, "odm");
        store.load(&format!("{odm}/default.prop"), None, 0);
        store.load("/vendor/default.prop", None, 0);
        store.load("/system/build.prop", None, 0);
        store.load(&format!("{odm}/build.prop"), None, 0);
        store.load("/vendor/build.prop", None, 0);
    }
    store.props
}

/// `ro.build.version.sdk` as `/system/build.prop` gives it.
fn system_sdk(snap: &Snapshot) -> Option<u32> {
    let bytes = snap.file_bytes("/system/build.prop")?;
    let text = String::from_utf8_lossy(&bytes);
    parse_build_prop_lines(&text)
        .into_iter()
        .filter_map(|l| match l {
            BuildPropLine::Property(n, v) if n == "ro.build.version.sdk" => v.parse().ok(),
            _ => None,
        })
        .next_back()
}

/// Where a partition's files are: its own mount point, or the directory inside its parent
/// partition that the device's symlink points to.
fn partition_root(snap: &Snapshot, partition: &str) -> String {
    let own = format!("/{partition}");
    let nested = match partition {
        "odm" => "/vendor/odm".to_owned(),
        other => format!("/system/{other}"),
    };
    if !snap.exists(&own) && snap.exists(&nested) {
        nested
    } else {
        own
    }
}

const MAX_IMPORT_DEPTH: usize = 8;

struct Store<'a> {
    snap: &'a Snapshot,
    props: BTreeMap<String, String>,
    ro_write_once: bool,
}

impl Store<'_> {
    /// Loads the first of `paths` that exists.
    fn load_first(&mut self, paths: &[&str]) {
        for p in paths {
            if self.load(p, None, 0) {
                return;
            }
        }
    }

    /// Loads `<root>/etc/build.prop`, else the legacy `<root>/default.prop` and `<root>/build.prop`.
    fn load_partition(&mut self, partition: &str) {
        let root = partition_root(self.snap, partition);
        if !self.load(&format!("{root}/etc/build.prop"), None, 0) {
            self.load(&format!("{root}/default.prop"), None, 0);
            self.load(&format!("{root}/build.prop"), None, 0);
        }
    }

    /// Loads one file (and its imports) through `filter`; returns whether the file exists.
    fn load(&mut self, path: &str, filter: Option<&str>, depth: usize) -> bool {
        let Some(bytes) = self.snap.file_bytes(path) else {
            return false;
        };
        let text = String::from_utf8_lossy(&bytes);
        for line in parse_build_prop_lines(&text) {
            match line {
                BuildPropLine::Property(name, value) => {
                    if filter_matches(filter, &name) {
                        self.set(name, value);
                    }
                }
                // init expands `${prop}` in import paths; the emulation does not follow those.
                BuildPropLine::Import(file, import_filter)
                    if filter.is_none() && depth < MAX_IMPORT_DEPTH && !file.contains('$') =>
                {
                    self.load(&file, import_filter.as_deref(), depth + 1);
                }
                BuildPropLine::Import(..) => {}
            }
        }
        true
    }

    fn set(&mut self, name: String, value: String) {
        if self.ro_write_once && name.starts_with("ro.") && self.props.contains_key(&name) {
            return;
        }
        self.props.insert(name, value);
    }
}

/// init's `property_initialize_ro_product_props`: each empty `ro.product.<prop>` takes the first
/// non-empty `ro.product.<source>.<prop>` in the source order.
fn derive_product_props(props: &mut BTreeMap<String, String>, default_order: &[&str]) {
    let order: Vec<String> = props
        .get("ro.product.property_source_order")
        .and_then(|o| property_source_order(o))
        .unwrap_or_else(|| default_order.to_vec())
        .into_iter()
        .map(str::to_owned)
        .collect();
    for prop in ["brand", "device", "manufacturer", "model", "name"] {
        let plain = format!("ro.product.{prop}");
        if props.get(&plain).is_some_and(|v| !v.is_empty()) {
            continue;
        }
        let derived = order.iter().find_map(|source| {
            props
                .get(&format!("ro.product.{source}.{prop}"))
                .filter(|v| !v.is_empty())
                .cloned()
        });
        if let Some(v) = derived {
            props.insert(plain, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Platform;

    #[test]
    fn modern_later_partitions_override_and_product_props_are_derived() {
        let snap = Snapshot::new(Platform::Android)
            .file(
                "/system/build.prop",
                "ro.build.version.sdk=30\nro.product.system.model=mainline\nro.x=system\n",
            )
            .file(
                "/vendor/build.prop",
                "ro.product.vendor.model=Pixel 5\nro.x=vendor\n",
            )
            .file(
                "/product/etc/build.prop",
                "ro.product.product.brand=google\nro.x=product\n",
            );
        let props = runtime_properties(&snap);
        assert_eq!(props.get("ro.x").map(String::as_str), Some("product"));
        assert_eq!(
            props.get("ro.product.brand").map(String::as_str),
            Some("google")
        );
        assert_eq!(
            props.get("ro.product.model").map(String::as_str),
            Some("Pixel 5")
        );
    }

    #[test]
    fn source_order_property_is_obeyed_and_invalid_orders_fall_back() {
        let base = |order: &str| {
            Snapshot::new(Platform::Android)
                .file(
                    "/system/build.prop",
                    format!(
                        "ro.build.version.sdk=31\nro.product.property_source_order={order}\n\
                         ro.product.system.model=sys\n"
                    ),
                )
                .file("/product/build.prop", "ro.product.product.model=prod\n")
        };
        let model = |s: &Snapshot| property_from_partitions(s, "ro.product.model");
        assert_eq!(model(&base("system,product")).as_deref(), Some("sys"));
        assert_eq!(model(&base("bogus,system")).as_deref(), Some("prod"));
    }

    #[test]
    fn legacy_ro_properties_are_write_once_and_nested_partitions_are_found() {
        let snap = Snapshot::new(Platform::Android)
            .file("/default.prop", "ro.a=ramdisk\n")
            .file(
                "/system/build.prop",
                "ro.build.version.sdk=23\nro.a=system\nro.b=1\nro.b=2\nx=1\nx=2\n",
            )
            .file("/system/product/build.prop", "ro.c=product\n");
        let props = runtime_properties(&snap);
        assert_eq!(props.get("ro.a").map(String::as_str), Some("ramdisk"));
        assert_eq!(props.get("ro.b").map(String::as_str), Some("1"));
        assert_eq!(props.get("x").map(String::as_str), Some("2"));
        assert_eq!(props.get("ro.c").map(String::as_str), Some("product"));
    }

    #[test]
    fn imports_follow_their_filter_and_cannot_loop() {
        let snap = Snapshot::new(Platform::Android)
            .file(
                "/system/build.prop",
                "ro.build.version.sdk=30\nimport /oem/oem.prop ro.*\nimport /system/build.prop\n",
            )
            .file("/oem/oem.prop", "ro.oem=yes\npersist.oem=no\n");
        let props = runtime_properties(&snap);
        assert_eq!(props.get("ro.oem").map(String::as_str), Some("yes"));
        assert_eq!(props.get("persist.oem"), None);
    }
}
