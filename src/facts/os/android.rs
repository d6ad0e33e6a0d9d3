//! Android OS facts: release, API level, build id, kernel release.

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
        match props.get("ro.build.id") {
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
