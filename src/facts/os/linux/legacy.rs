//! The release files older than os-release, read when os-release is missing, unusable or has
//! no version: `/etc/lsb-release`, then the distribution's own `/etc/<id>-release` (found by
//! listing `/etc`), then `/etc/debian_version`. Each of them is a candidate identity; the first
//! that names a distribution is the system's, and a version is only ever taken from a candidate
//! that names the same distribution (never Linux Mint's version for an Ubuntu, never
//! `debian_version`'s `trixie/sid` for an Ubuntu).

use std::ops::ControlFlow;

use super::{ids, note};
use crate::parse::release_files::{
    parse_debian_version, parse_lsb_release, parse_release_line, release_file_stem,
};
use crate::report::OmitReason;
use crate::source::{Source, SourceError};

const LSB_RELEASE: &str = "/etc/lsb-release";
const DEBIAN_VERSION: &str = "/etc/debian_version";
const ETC: &str = "/etc";

/// What one file says the system is. Values are never empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Identity {
    pub id: Option<String>,
    pub name: Option<String>,
    pub version: Option<String>,
}

impl Identity {
    /// Whether `self` and `other` name the same distribution: equal ids, or names (or a name and
    /// an id) equal once case, blanks, punctuation and a trailing "Linux" are ignored
    /// ("ManjaroLinux" = "Manjaro Linux" = `manjaro`).
    fn same_distribution(&self, other: &Identity) -> bool {
        let keys = |i: &Identity| {
            let mut keys: Vec<String> = Vec::new();
            for s in [&i.id, &i.name].into_iter().flatten() {
                let k = ids::squashed(s);
                let short = k.strip_suffix("linux").unwrap_or(&k).to_owned();
                keys.extend([k, short].into_iter().filter(|k| !k.is_empty()));
            }
            keys
        };
        let mine = keys(self);
        keys(other).iter().any(|k| mine.contains(k))
    }

    fn names_something(&self) -> bool {
        self.id.is_some() || self.name.is_some()
    }
}

/// The system's identity from the legacy files alone: the first candidate that names a
/// distribution, with the version of a later one about the same distribution if it has none.
/// Failures to read are noted in `why`.
pub(super) fn identify(source: &dyn Source, why: &mut OmitReason) -> Identity {
    let mut found: Option<Identity> = None;
    each_candidate(source, why, |candidate| {
        match &mut found {
            None if candidate.names_something() => found = Some(candidate),
            Some(f) if f.version.is_none() && f.same_distribution(&candidate) => {
                f.version = candidate.version;
            }
            _ => {}
        }
        match &found {
            Some(f) if f.version.is_some() => ControlFlow::Break(()),
            _ => ControlFlow::Continue(()),
        }
    });
    found.unwrap_or_default()
}

/// The version of `system` (known from os-release, which had none) from the first legacy file
/// about the same distribution. Failures to read are noted in `why`.
pub(super) fn version_of(
    source: &dyn Source,
    system: &Identity,
    why: &mut OmitReason,
) -> Option<String> {
    let mut version = None;
    each_candidate(source, why, |candidate| {
        if candidate.version.is_some() && system.same_distribution(&candidate) {
            version = candidate.version;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    version
}

/// Reads the candidates in order and hands each to `visit` until it breaks; later files are not
/// read.
fn each_candidate(
    source: &dyn Source,
    why: &mut OmitReason,
    mut visit: impl FnMut(Identity) -> ControlFlow<()>,
) {
    if let Some(lsb) = lsb_release(source, why)
        && visit(lsb).is_break()
    {
        return;
    }
    for release in release_files(source, why) {
        if visit(release).is_break() {
            return;
        }
    }
    if let Some(debian) = debian_version(source, why) {
        let _ = visit(debian);
    }
}

/// `/etc/lsb-release`: `DISTRIB_ID` is both the name and (lower-cased) the id.
fn lsb_release(source: &dyn Source, why: &mut OmitReason) -> Option<Identity> {
    let text = read(source, LSB_RELEASE, why)?;
    let Ok(lsb) = parse_lsb_release(&text) else {
        note(why, OmitReason::Malformed);
        return None;
    };
    let name = lsb.distrib_id.filter(|n| !n.contains('\u{fffd}'));
    let id = name.as_deref().and_then(|n| {
        ids::id_for_name(n)
            .map(str::to_owned)
            .or_else(|| ids::canonical_id(n))
    });
    let version = lsb.release.filter(|v| !v.contains('\u{fffd}'));
    Some(Identity { id, name, version })
}

/// The distribution release files in `/etc`, best first: those whose content names the
/// distribution their file name names (`centos-release`: "CentOS Linux release 7"), then those
/// that hold another's name (Rocky Linux's `centos-release`, CloudLinux's `redhat-release`),
/// then those that hold only a version (`alpine-release`: "3.19.1"); by file name within each.
fn release_files(source: &dyn Source, why: &mut OmitReason) -> Vec<Identity> {
    let names = match source.dir(ETC) {
        Ok(names) => names,
        Err(e) => {
            note(why, e.omit_reason());
            return Vec::new();
        }
    };
    let mut ranked: Vec<(u8, Identity)> = Vec::new();
    for file in &names {
        let Some(stem) = release_file_stem(file) else {
            continue;
        };
        let Some(text) = read(source, &format!("{ETC}/{file}"), why) else {
            continue;
        };
        let Some(line) = parse_release_line(&text) else {
            continue;
        };
        let agrees = line
            .name
            .as_deref()
            .is_some_and(|n| ids::squashed(n).contains(&ids::squashed(stem)));
        let rank = match (&line.name, agrees) {
            (Some(_), true) => 0,
            (Some(_), false) => 1,
            (None, _) => 2,
        };
        // The file name is the id only when the content agrees with it (or has no name to
        // disagree with): Rocky Linux's `centos-release` does not make it CentOS.
        let from_name = line
            .name
            .as_deref()
            .and_then(ids::id_for_name)
            .map(str::to_owned);
        let from_file = (agrees || line.name.is_none())
            .then(|| ids::canonical_id(stem))
            .flatten();
        let id = from_name.or(from_file);
        // A file that holds only a version (`alpine-release`) names the distribution by its
        // file name: the name is the one the distribution gives itself.
        let name = line
            .name
            .or_else(|| id.as_deref().and_then(ids::name_for_id).map(str::to_owned));
        let identity = Identity {
            id,
            name,
            version: line.version,
        };
        // Kept in rank order as it grows, after the equal ranks (a stable order, without a
        // sort's code for a handful of files).
        let at = ranked.partition_point(|(r, _)| *r <= rank);
        ranked.insert(at, (rank, identity));
    }
    ranked.into_iter().map(|(_, identity)| identity).collect()
}

/// `/etc/debian_version`: Debian's version (`12.11`, `bookworm/sid`). Only Debian's: derivatives
/// keep the file with the Debian release they branched from.
fn debian_version(source: &dyn Source, why: &mut OmitReason) -> Option<Identity> {
    let text = read(source, DEBIAN_VERSION, why)?;
    let Some(version) = parse_debian_version(&text) else {
        note(why, OmitReason::Malformed);
        return None;
    };
    Some(Identity {
        id: Some("debian".to_owned()),
        name: None,
        version: Some(version),
    })
}

/// A file's text; `None` (and the reason noted, unless the file is just absent) otherwise.
fn read(source: &dyn Source, path: &str, why: &mut OmitReason) -> Option<String> {
    match source.text(path) {
        Ok(text) => Some(text),
        Err(SourceError::NotFound) => None,
        Err(e) => {
            note(why, e.omit_reason());
            None
        }
    }
}
