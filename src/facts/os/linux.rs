//! Linux OS facts: the distribution from os-release(5), with the older release files as a
//! fallback, and the kernel release from `/proc/sys/kernel/osrelease`.
//!
//! Order of trust: `/etc/os-release`, else `/usr/lib/os-release` (also when the first is
//! unusable: garbage, too large, a directory); a usable os-release alone decides `os.id` and
//! `os.name` (with the os-release(5) defaults `linux`/`Linux`), `os.build_id` and
//! `os.display_version`. Only when there is no usable os-release, or it has no `VERSION_ID`, are
//! `/etc/lsb-release`, the distribution's `/etc/<id>-release` and `/etc/debian_version` read
//! (see [`legacy`]); a version is taken from them only when they name the same distribution.
//! Nothing is read for a field that is not wanted.

use crate::facts::{Context, Facts};
use crate::field::Field;
use std::borrow::Cow;

use crate::parse::os_release::{DEFAULT_ID, DEFAULT_NAME, os_release_values};
use crate::report::OmitReason;
use crate::source::Source;

mod ids;
mod legacy;
#[cfg(test)]
mod tests;

use legacy::Identity;

/// Where os-release(5) may be, in order of precedence.
const OS_RELEASE: [&str; 2] = ["/etc/os-release", "/usr/lib/os-release"];
/// The os-release keys read: `ID`, `NAME`, `VERSION_ID`, `BUILD_ID`, `VERSION`.
const KEYS: [&str; 5] = ["ID", "NAME", "VERSION_ID", "BUILD_ID", "VERSION"];
/// The running kernel's release, as `uname -r` prints it.
const KERNEL_RELEASE: &str = "/proc/sys/kernel/osrelease";

/// The fields os-release can give.
const DISTRIBUTION: &[Field] = &[
    Field::OsId,
    Field::OsName,
    Field::OsVersion,
    Field::OsBuildId,
    Field::OsDisplayVersion,
];
/// The fields the legacy release files can give as well.
const IDENTITY: &[Field] = &[Field::OsId, Field::OsName, Field::OsVersion];

/// A field's value, or why there is none.
type Value = Result<String, OmitReason>;

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    if ctx.wanted.contains(Field::OsSdkLevel) {
        // An Android notion: Linux has no API level.
        facts.omit(Field::OsSdkLevel, OmitReason::Unsupported);
    }
    if ctx.wants_any(DISTRIBUTION) {
        distribution(ctx, facts);
    }
    if ctx.wanted.contains(Field::OsKernelVersion) {
        match kernel_release(ctx.source) {
            Ok(v) => facts.os.kernel_version = Some(v),
            Err(r) => facts.omit(Field::OsKernelVersion, r),
        }
    }
}

fn distribution(ctx: &Context<'_>, facts: &mut Facts) {
    let mut texts = [String::new(), String::new()];
    let (id, name, version, build_id, display_version) =
        match read_os_release(ctx.source, &mut texts) {
            Ok([id, name, version, build_id, display_version]) => {
                let wanted = |field, v| {
                    if ctx.wanted.contains(field) {
                        value(v)
                    } else {
                        Err(OmitReason::NotFound)
                    }
                };
                // Canonical, else as written (blanks only): one copy either way.
                let id = id.map(|v| ids::canonical_id(&v).unwrap_or_else(|| v.into_owned()));
                let name = value(name);
                let (id, name) = (defaulted(id, DEFAULT_ID), defaulted(name, DEFAULT_NAME));
                let mut version = value(version);
                if ctx.wanted.contains(Field::OsVersion)
                    && let Err(mut why) = version
                {
                    let me = Identity {
                        id: id.clone().ok(),
                        name: name.clone().ok(),
                        version: None,
                    };
                    version = legacy::version_of(ctx.source, &me, &mut why).ok_or(why);
                }
                (
                    id,
                    name,
                    version,
                    wanted(Field::OsBuildId, build_id),
                    wanted(Field::OsDisplayVersion, display_version),
                )
            }
            Err(mut why) => {
                let found = if ctx.wants_any(IDENTITY) {
                    legacy::identify(ctx.source, &mut why)
                } else {
                    Identity::default()
                };
                let or_why = |v: Option<String>| v.ok_or(why);
                (
                    or_why(found.id),
                    or_why(found.name),
                    or_why(found.version),
                    Err(why),
                    Err(why),
                )
            }
        };
    let os = &mut facts.os;
    // At most one reason a field, kept in place (no list to allocate).
    let mut omissions = [None; 5];
    for ((field, value, slot), omission) in [
        (Field::OsId, id, &mut os.id),
        (Field::OsName, name, &mut os.name),
        (Field::OsVersion, version, &mut os.version),
        (Field::OsBuildId, build_id, &mut os.build_id),
        (
            Field::OsDisplayVersion,
            display_version,
            &mut os.display_version,
        ),
    ]
    .into_iter()
    .zip(omissions.iter_mut())
    {
        match value {
            _ if !ctx.wanted.contains(field) => {}
            Ok(v) => *slot = Some(v),
            Err(r) => *omission = Some((field, r)),
        }
    }
    for (field, reason) in omissions.into_iter().flatten() {
        facts.omit(field, reason);
    }
}

/// The values of [`KEYS`] in the first usable os-release, borrowed from its text in `texts`
/// (one per path) unless quoting had to be undone, each checked (see [`checked`]); otherwise
/// why there is none (`not_found` when neither file exists, else what was wrong with the first
/// one that did).
fn read_os_release<'t>(
    source: &dyn Source,
    texts: &'t mut [String; 2],
) -> Result<[Checked<'t>; 5], OmitReason> {
    let mut why = OmitReason::NotFound;
    for (path, text) in OS_RELEASE.into_iter().zip(texts.iter_mut()) {
        match source.text(path) {
            Ok(t) => {
                // Looked for once in the whole text: unquoting never makes one.
                let replaced = t.contains('\u{fffd}');
                *text = t;
                match os_release_values(text, KEYS) {
                    Ok(rel) => return Ok(rel.map(|v| checked(v, replaced))),
                    Err(_) => note(&mut why, OmitReason::Malformed),
                }
            }
            Err(e) => note(&mut why, e.omit_reason()),
        }
    }
    Err(why)
}

/// A value as the file gave it: `not_found` when unset, `malformed` when it held bytes that are not
/// UTF-8 (its encoding is unknown, so no character of it can be trusted).
fn value(value: Checked<'_>) -> Value {
    value.map(Cow::into_owned)
}

/// A value as the file gave it, not yet copied (see [`value`]).
type Checked<'t> = Result<Cow<'t, str>, OmitReason>;

/// A value read: `not_found` when unset, `malformed` when it holds U+FFFD (a byte that was not
/// UTF-8), looked for only when the text holds one (`replaced`).
fn checked(value: Option<Cow<'_, str>>, replaced: bool) -> Checked<'_> {
    match value {
        None => Err(OmitReason::NotFound),
        Some(v) if replaced && v.contains('\u{fffd}') => Err(OmitReason::Malformed),
        Some(v) => Ok(v),
    }
}

/// os-release(5)'s default for an unset `ID` or `NAME`; a malformed value stays malformed.
fn defaulted(value: Value, default: &str) -> Value {
    match value {
        Err(OmitReason::NotFound) => Ok(default.to_owned()),
        other => other,
    }
}

/// Keeps the first reason that says more than "not found".
fn note(why: &mut OmitReason, reason: OmitReason) {
    if *why == OmitReason::NotFound {
        *why = reason;
    }
}

/// The kernel release, e.g. `"6.1.0-18-amd64"`: one word of at most 64 printable ASCII
/// characters starting with a digit (the kernel's `utsname.release`), else `malformed`.
fn kernel_release(source: &dyn Source) -> Value {
    let text = source.text(KERNEL_RELEASE).map_err(|e| e.omit_reason())?;
    let release = text.trim();
    let plain = release.chars().all(|c| c.is_ascii_graphic());
    let starts_with_digit = release.starts_with(|c: char| c.is_ascii_digit());
    if plain && starts_with_digit && release.len() <= 64 {
        Ok(release.to_owned())
    } else {
        Err(OmitReason::Malformed)
    }
}
