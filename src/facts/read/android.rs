//! Android system properties, as the device and OS groups read them (each name at most once
//! per run), and what the Android rules of every group take from where:
//!
//! The Android rules: device and OS from system properties, network from what the host pushed
//! (ConnectivityManager lives in Java) plus the interface list, orientation from the host.
//!
//! | fact | source | example |
//! |---|---|---|
//! | `device.brand` | `ro.product.brand` (else the manufacturer), canonicalized | `"LG"` for `lge` |
//! | `device.manufacturer` | `ro.product.manufacturer`, raw | `"LGE"` |
//! | `device.model` | market name (`ro.product.marketname`, `ro.product.<partition>.marketname`, vendor keys), else `ro.product.model` | `"Xiaomi 12X"`, `"SM-A125F"` |
//! | `device.model_identifier` | `ro.product.model`, when the model is a market name | `"2112123AG"` |
//! | `os.name`, `os.id` | constant | `"Android"`, `"android"` |
//! | `os.version` | `ro.build.version.release` (else `release_or_codename`) | `"12"` |
//! | `os.sdk_level` | `ro.build.version.sdk` | `31` |
//! | `os.build_id` | `ro.build.id` | `"SKQ1.211230.001"` |
//! | `os.kernel_version` | `/proc/sys/kernel/osrelease` | `"5.4.147-qgki"` |
//! | `network.*` | host push (`Collector::set_network`); interfaces for the IP | `"cell"`, `"lte"` |
//! | `screen.*` | host push (`Collector::set_orientation`) | `"portrait_primary"` |
//!
//! Each `ro.product.{brand,manufacturer,model}` follows Android's own fallback when the plain
//! key is empty or `unknown`: `ro.product.<partition>.*` in `ro.product.property_source_order`
//! (default `product,odm,vendor,system_ext,system`). A partition that carries a generic system
//! image's identity (Qualcomm's `qti`/`QUALCOMM`/"qssi system image for arm64", Xiaomi's
//! "missi", Google's `mainline`/`generic`) never supplies a value. Never read: `ro.serialno`,
//! `ro.boot.serialno`, or any IMEI, ICCID or MEID property.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::minimize::MAX_STRING_BYTES;
use crate::source::deny;
use crate::source::{Source, SourceError};

/// Property reads for one probe run: each name is asked of the source at most once, and values
/// are checked (empty and `unknown` count as absent, an oversized value as malformed).
pub(crate) struct Props<'a> {
    source: &'a dyn Source,
    seen: RefCell<BTreeMap<String, Result<String, SourceError>>>,
}

impl<'a> Props<'a> {
    pub(crate) fn new(source: &'a dyn Source) -> Self {
        Props {
            source,
            seen: RefCell::new(BTreeMap::new()),
        }
    }

    /// The usable value of `name`.
    pub(crate) fn get(&self, name: &str) -> Result<String, SourceError> {
        if deny::property(name) {
            return Err(SourceError::Unsupported);
        }
        if let Some(r) = self.seen.borrow().get(name) {
            return r.clone();
        }
        let r = self.source.property(name).and_then(|v| usable(&v));
        self.seen.borrow_mut().insert(name.to_owned(), r.clone());
        r
    }
}

/// A property value fit for a report: trimmed; empty or `unknown` is absent; longer than a
/// report string may be is malformed (no real brand, model or version is that long).
fn usable(raw: &str) -> Result<String, SourceError> {
    let v = raw.trim();
    if v.len() > MAX_STRING_BYTES {
        return Err(SourceError::Malformed);
    }
    if v.is_empty() || v.eq_ignore_ascii_case("unknown") {
        return Err(SourceError::NotFound);
    }
    Ok(v.to_owned())
}

/// Of two failures, the one that says more: anything beats "not found".
pub(crate) fn worse(a: Option<SourceError>, b: SourceError) -> SourceError {
    match a {
        Some(a) if a != SourceError::NotFound => a,
        _ => b,
    }
}
