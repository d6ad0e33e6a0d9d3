//! Android OS facts: release, API level, build id, kernel release.
//!
//! The build id is `ro.build.id` (`Build.ID`, "SKQ1.211230.001") when it is one. Huawei's and
//! Honor's EMUI put the model there instead (`HUAWEIBKL-L09`); then it is `ro.build.display.id`
//! (`Build.DISPLAY`, "BKL-L09 8.0.0.130(C432)"), which is what Settings › About phone › Build
//! number shows on every Android (AOSP's Settings sets that entry from `Build.DISPLAY`).

use crate::facts::read::android::Props;
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::report::OmitReason;
use crate::source::SourceError;

pub(super) fn probe(ctx: &Context<'_>, props: &Props<'_>, facts: &mut Facts) {
    let wants = |f| ctx.wanted.contains(f);
    if wants(Field::OsName) {
        facts.os.name = Some("Android".to_owned());
    }
    if wants(Field::OsId) {
        facts.os.id = Some("android".to_owned());
    }
    if wants(Field::OsVersion) {
        let release = props.get("ro.build.version.release").or_else(|e| {
            props
                .get("ro.build.version.release_or_codename")
                .map_err(|_| e)
        });
        match release {
            Ok(v) => facts.os.version = Some(v),
            Err(e) => facts.omit(Field::OsVersion, e.omit_reason()),
        }
    }
    if wants(Field::OsSdkLevel) {
        let sdk = props
            .get("ro.build.version.sdk")
            .and_then(|v| v.parse::<u32>().map_err(|_| SourceError::Malformed));
        match sdk {
            Ok(level) => facts.os.sdk_level = Some(level),
            Err(e) => facts.omit(Field::OsSdkLevel, e.omit_reason()),
        }
    }
    if wants(Field::OsBuildId) {
        match build_id(props) {
            Ok(v) => facts.os.build_id = Some(v),
            Err(e) => facts.omit(Field::OsBuildId, e.omit_reason()),
        }
    }
    if wants(Field::OsDisplayVersion) {
        // Android has no marketing release beside its version number.
        facts.omit(Field::OsDisplayVersion, OmitReason::Unsupported);
    }
    if wants(Field::OsKernelVersion) {
        match ctx.source.text("/proc/sys/kernel/osrelease") {
            Ok(t) => match t.trim() {
                "" => facts.omit(Field::OsKernelVersion, OmitReason::NotFound),
                v => facts.os.kernel_version = Some(v.to_owned()),
            },
            Err(e) => facts.omit(Field::OsKernelVersion, e.omit_reason()),
        }
    }
}

/// `ro.build.id` when it reads as a build id, else `ro.build.display.id` (see the module docs).
fn build_id(props: &Props<'_>) -> Result<String, SourceError> {
    let id = props.get("ro.build.id");
    if let Ok(v) = &id
        && !is_build_id(v, props.get("ro.product.model").ok().as_deref())
        && let Ok(display) = props.get("ro.build.display.id")
    {
        return Ok(display);
    }
    id.or_else(|e| props.get("ro.build.display.id").map_err(|_| e))
}

/// Whether `value` has the shape of an Android build id: one token of upper-case letters,
/// digits and dots that starts with a letter and holds a digit ("SKQ1.211230.001", "LMY47V",
/// "HTK75"), and does not hold the model code. EMUI's `HUAWEIBKL-L09` (brand and model) is not.
fn is_build_id(value: &str, model: Option<&str>) -> bool {
    let shape = value.len() <= 64
        && value.starts_with(|c: char| c.is_ascii_uppercase())
        && value.bytes().any(|b| b.is_ascii_digit())
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.' || b == b'_');
    let names_model = model.is_some_and(|m| {
        m.len() >= 4 && value.to_ascii_lowercase().contains(&m.to_ascii_lowercase())
    });
    shape && !names_model
}

#[cfg(test)]
mod tests {
    use super::is_build_id;

    #[test]
    fn build_ids_and_model_names() {
        for id in [
            "SKQ1.211230.001",
            "LMY47V",
            "HTK75",
            "IML74K",
            "TP1A.220624.014",
        ] {
            assert!(is_build_id(id, Some("Pixel 5")), "{id}");
        }
        for not in ["HUAWEIBKL-L09", "HONORLLD-L31", "bkl-l09", "", "8.0.0"] {
            assert!(!is_build_id(not, Some("BKL-L09")), "{not}");
        }
        assert!(!is_build_id("HUAWEIBKLL09", Some("BKLL09")));
    }
}
