//! Android brand, manufacturer, model and market name, with init's partition fallback and the
//! generic-system-image guard.

use super::brand::canonical_brand;
use crate::facts::read::android::{Props, worse};
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::parse::getprop::{default_property_source_order, property_source_order};
use crate::report::OmitReason;
use crate::source::SourceError;

/// Market-name keys some makers set instead of (or besides) `ro.product.marketname`:
/// OPPO/realme/OnePlus (ColorOS), older OPPO, vivo, Huawei/Honor, ASUS.
const VENDOR_MARKET_KEYS: &[&str] = &[
    "ro.vendor.oplus.market.name",
    "ro.oppo.market.name",
    "ro.vivo.market.name",
    "ro.config.marketing_name",
    "ro.asus.product.mkt_name",
];

pub(super) fn probe(ctx: &Context<'_>, props: &Props<'_>, facts: &mut Facts) {
    let order = source_order(props);
    let brand = identity(props, &order, "brand");
    let manufacturer = identity(props, &order, "manufacturer");
    let model = identity(props, &order, "model");

    if ctx.wanted.contains(Field::DeviceBrand) {
        // A firmware without a brand key (OPPO's, set at run time) still names its maker.
        let raw = match (&brand, &manufacturer) {
            (Ok(b), _) => Ok(b.as_str()),
            (Err(SourceError::NotFound), Ok(m)) => Ok(m.as_str()),
            (Err(e), _) => Err(e.clone()),
        };
        match raw.map(canonical_brand) {
            Ok(Some(b)) => facts.device.brand = Some(b),
            Ok(None) => facts.omit(Field::DeviceBrand, OmitReason::NotFound),
            Err(e) => facts.omit(Field::DeviceBrand, e.omit_reason()),
        }
    }
    if ctx.wanted.contains(Field::DeviceManufacturer) {
        match &manufacturer {
            Ok(m) => facts.device.manufacturer = Some(m.clone()),
            Err(e) => facts.omit(Field::DeviceManufacturer, e.omit_reason()),
        }
    }
    if !ctx.wants_any(&[Field::DeviceModel, Field::DeviceModelIdentifier]) {
        return;
    }
    let code = match model {
        Ok(code) => code,
        Err(e) => {
            facts.omit_err(&[Field::DeviceModel, Field::DeviceModelIdentifier], &e);
            return;
        }
    };
    match market_name(props, &order, &code) {
        Some(name) => {
            facts.device.model = Some(name);
            facts.device.model_identifier = Some(code);
        }
        None => {
            facts.device.model = Some(code);
            // The model code is the model: there is no separate identifier to report.
            facts.omit(Field::DeviceModelIdentifier, OmitReason::NotFound);
        }
    }
    for f in [Field::DeviceModel, Field::DeviceModelIdentifier] {
        if !ctx.wanted.contains(f) {
            facts.clear(f);
        }
    }
}

/// The partitions to fall back on, in the device's own order when it declares one init accepts,
/// else init's default (of Android 11 and later: the API level is not read for this).
fn source_order(props: &Props<'_>) -> Vec<String> {
    let declared = props.get("ro.product.property_source_order").ok();
    match declared.as_deref().and_then(property_source_order) {
        Some(order) => order.into_iter().map(str::to_owned).collect(),
        None => default_property_source_order(None)
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    }
}

/// `ro.product.<key>`, else the first non-generic partition's `ro.product.<part>.<key>`.
fn identity(props: &Props<'_>, order: &[String], key: &str) -> Result<String, SourceError> {
    let mut failure = None;
    match props.get(&format!("ro.product.{key}")) {
        Ok(v) if !is_generic(key, &v) => return Ok(v),
        Ok(_) => {}
        Err(e) => failure = Some(e),
    }
    for part in order {
        if is_generic_partition(props, part) {
            continue;
        }
        match props.get(&format!("ro.product.{part}.{key}")) {
            Ok(v) if !is_generic(key, &v) => return Ok(v),
            Ok(_) => {}
            Err(e) => failure = Some(worse(failure, e)),
        }
    }
    Err(failure.unwrap_or(SourceError::NotFound))
}

/// Whether `value` of `ro.product.*.<key>` is a generic system image's identity rather than
/// the device's.
fn is_generic(key: &str, value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    match key {
        "brand" => matches!(v.as_str(), "qti" | "generic"),
        "manufacturer" => v == "qualcomm",
        "model" => {
            v.contains("system image for") || matches!(v.as_str(), "mainline" | "qssi" | "missi")
        }
        "device" | "name" => {
            v.starts_with("qssi")
                || v.starts_with("missi")
                || matches!(v.as_str(), "generic" | "mainline")
        }
        _ => false,
    }
}

/// Whether any identity key of `partition` is generic: then none of its keys is trusted.
fn is_generic_partition(props: &Props<'_>, partition: &str) -> bool {
    ["brand", "manufacturer", "model", "device", "name"]
        .iter()
        .any(|key| {
            props
                .get(&format!("ro.product.{partition}.{key}"))
                .is_ok_and(|v| is_generic(key, &v))
        })
}

/// The market name, when the firmware has one that differs from the model code. A partition's
/// market name counts only when that partition names the same model (a Chinese-market product
/// partition beside a global vendor partition has another device's name).
fn market_name(props: &Props<'_>, order: &[String], code: &str) -> Option<String> {
    let differs = |name: &String| !name.eq_ignore_ascii_case(code);
    if let Some(name) = props.get("ro.product.marketname").ok().filter(differs) {
        return Some(name);
    }
    for part in order {
        if is_generic_partition(props, part) {
            continue;
        }
        let same_model = match props.get(&format!("ro.product.{part}.model")) {
            Ok(m) => m == code,
            Err(_) => true,
        };
        if !same_model {
            continue;
        }
        if let Some(name) = props
            .get(&format!("ro.product.{part}.marketname"))
            .ok()
            .filter(differs)
        {
            return Some(name);
        }
    }
    VENDOR_MARKET_KEYS
        .iter()
        .find_map(|k| props.get(k).ok().filter(differs))
}
