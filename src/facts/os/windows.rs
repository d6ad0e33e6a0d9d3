//! Windows OS facts.
//!
//! | field | source | example |
//! |---|---|---|
//! | `os.id` | the platform | `"windows"` |
//! | `os.name` | product from the build table by build **and** product type, plus the edition from `EditionID` | `"Windows 11 Pro"`, `"Windows Server 2022 Datacenter"` |
//! | `os.version` | the build table | `"11"`, `"10"`, `"2022"`, `"8.1"` |
//! | `os.build_id` | build + `UBR` | `"22631.4460"` |
//! | `os.display_version` | the build table, else `DisplayVersion`, else `ReleaseId` | `"23H2"` |
//! | `os.kernel_version` | NT version of the build (`major.minor` follow from the build) | `"10.0.22631"` |
//!
//! The build is the higher of `RtlGetVersion`'s and the registry's `CurrentBuildNumber`:
//! compatibility shims (an app-compat layer, the 6.2.9200 answer given to programs without a
//! manifest) and Wine's configured Windows version only ever make the kernel answer *lower*
//! than the installed release, while Windows Setup rewrites `CurrentBuildNumber` with every
//! feature update. The registry's `UBR`, `DisplayVersion` and `ReleaseId` are used only when
//! its build is the one chosen. Windows 11 is decided by build ≥ 22000 and a workstation
//! product type — never by `ProductName`, which still says "Windows 10" on Windows 11.

mod builds;

use crate::facts::read::windows::{
    CURRENT_VERSION_KEY, PRODUCT_OPTIONS_KEY, reg_dword, reg_string,
};
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::report::OmitReason;
use crate::source::{Source, WindowsVersion};
use builds::{Kind, Release};

/// The OS fields this module fills, `os.id` aside.
const FIELDS: &[Field] = &[
    Field::OsName,
    Field::OsVersion,
    Field::OsBuildId,
    Field::OsDisplayVersion,
    Field::OsKernelVersion,
];

/// The fields that need the product type.
const NEED_KIND: &[Field] = &[Field::OsName, Field::OsVersion, Field::OsDisplayVersion];

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    let src = ctx.source;
    let wants = |f: Field| ctx.wanted.contains(f);
    if wants(Field::OsId) {
        facts.os.id = Some("windows".to_owned());
    }
    if wants(Field::OsSdkLevel) {
        facts.omit(Field::OsSdkLevel, OmitReason::Unsupported);
    }
    if !ctx.wants_any(FIELDS) {
        return;
    }
    let kernel = src.windows_version();
    let kernel_ok = kernel.as_ref().ok().filter(|k| k.build > 0).copied();
    let registry = registry_build(src);
    let (build, from_registry) = match (kernel_ok, &registry) {
        (Some(k), Ok(r)) if *r >= k.build => (*r, true),
        (Some(k), _) => (k.build, false),
        (None, Ok(r)) => (*r, true),
        (None, Err(reason)) => {
            let reason = match &kernel {
                Err(e) if *reason == OmitReason::NotFound => e.omit_reason(),
                _ => *reason,
            };
            facts.omit_all(FIELDS, reason);
            return;
        }
    };

    if wants(Field::OsBuildId) {
        let ubr = from_registry
            .then(|| reg_dword(src, CURRENT_VERSION_KEY, "UBR").ok())
            .flatten();
        facts.os.build_id = Some(match ubr {
            Some(ubr) => format!("{build}.{ubr}"),
            None => build.to_string(),
        });
    }
    if wants(Field::OsKernelVersion) {
        // From the build, not from the kernel's major.minor: Wine answers the registry's
        // `CurrentVersion` ("6.1") with the registry's build (22631), a pair no Windows has.
        let (major, minor) = builds::nt_version(build);
        facts.os.kernel_version = Some(format!("{major}.{minor}.{build}"));
    }
    if !ctx.wants_any(NEED_KIND) {
        return;
    }

    let edition = reg_string(src, CURRENT_VERSION_KEY, "EditionID")
        .ok()
        .filter(|e| !e.is_empty());
    let Some(kind) = product_kind(src, kernel_ok, edition.as_deref()) else {
        facts.omit_all(NEED_KIND, OmitReason::NotFound);
        return;
    };
    let Some(release) = builds::lookup(build, kind) else {
        // An unknown ancient build, or a workstation on a build that only shipped as Server.
        facts.omit_all(NEED_KIND, OmitReason::Malformed);
        return;
    };
    if wants(Field::OsName) {
        facts.os.name = Some(name(&release, edition.as_deref(), build));
    }
    if wants(Field::OsVersion) {
        match release.version {
            Some(v) => facts.os.version = Some(v.to_owned()),
            None => facts.omit(Field::OsVersion, OmitReason::NotFound),
        }
    }
    if wants(Field::OsDisplayVersion) {
        match display_version(src, &release, build, from_registry) {
            Some(v) => facts.os.display_version = Some(v),
            None => facts.omit(Field::OsDisplayVersion, OmitReason::NotFound),
        }
    }
}

/// `CurrentBuildNumber` (or `CurrentBuild`, its twin) as a number.
fn registry_build(src: &dyn Source) -> Result<u32, OmitReason> {
    let text = reg_string(src, CURRENT_VERSION_KEY, "CurrentBuildNumber")
        .or_else(|first| reg_string(src, CURRENT_VERSION_KEY, "CurrentBuild").map_err(|_| first))?;
    match text.parse::<u32>() {
        Ok(b) if b > 0 => Ok(b),
        _ => Err(OmitReason::Malformed),
    }
}

/// Workstation or server: Enterprise multi-session (`EditionID` `ServerRdsh`) is a client
/// that reports a server product type; otherwise the kernel's `wProductType`, else the
/// registry's `InstallationType`, else `ProductOptions\ProductType`, else a `Server…`
/// edition.
fn product_kind(
    src: &dyn Source,
    kernel: Option<WindowsVersion>,
    edition: Option<&str>,
) -> Option<Kind> {
    if edition.is_some_and(|e| e.eq_ignore_ascii_case("ServerRdsh")) {
        return Some(Kind::Workstation);
    }
    match kernel.map(|k| k.product_type) {
        Some(1) => return Some(Kind::Workstation),
        Some(2 | 3) => return Some(Kind::Server),
        _ => {}
    }
    if let Ok(t) = reg_string(src, CURRENT_VERSION_KEY, "InstallationType") {
        let t = t.to_ascii_lowercase();
        if t == "client" {
            return Some(Kind::Workstation);
        }
        if t.starts_with("server") || t.starts_with("nano server") {
            return Some(Kind::Server);
        }
    }
    if let Ok(t) = reg_string(src, PRODUCT_OPTIONS_KEY, "ProductType") {
        match t.to_ascii_lowercase().as_str() {
            "winnt" => return Some(Kind::Workstation),
            "servernt" | "lanmannt" => return Some(Kind::Server),
            _ => {}
        }
    }
    edition
        .filter(|e| e.to_ascii_lowercase().starts_with("server"))
        .map(|_| Kind::Server)
}

/// The product with its edition: `"Windows 11 Pro"`, `"Windows Server 2022 Datacenter"`,
/// `"Windows Server Datacenter, version 23H2"`. An edition the table does not know is left
/// out rather than shown as its internal id.
fn name(release: &Release, edition: Option<&str>, build: u32) -> String {
    let label = edition.and_then(|e| edition_label(e, release.version, build));
    match (label, release.product.split_once(", ")) {
        (Some(label), Some((head, tail))) => format!("{head} {label}, {tail}"),
        (Some(label), None) => format!("{} {label}", release.product),
        (None, _) => release.product.to_owned(),
    }
}

/// The marketing name of an `EditionID`, e.g. `Professional` → `"Pro"` (`"Professional"`
/// before Windows 8), `EnterpriseS` → `"Enterprise LTSC 2021"` on 19044.
fn edition_label(edition: &str, version: Option<&str>, build: u32) -> Option<String> {
    let ltsc = |base: &str| match builds::ltsc_label(build) {
        Some(l) => format!("{base} {l}"),
        None => format!("{base} LTSC"),
    };
    let classic = matches!(version, Some("XP" | "Vista" | "7"));
    let label = match edition.to_ascii_lowercase().as_str() {
        "core" => "Home",
        "coren" => "Home N",
        "coresinglelanguage" => "Home Single Language",
        "corecountryspecific" => "Home China",
        "professional" if classic => "Professional",
        "professional" => "Pro",
        "professionaln" if classic => "Professional N",
        "professionaln" => "Pro N",
        "professionaleducation" => "Pro Education",
        "professionaleducationn" => "Pro Education N",
        "professionalworkstation" => "Pro for Workstations",
        "professionalworkstationn" => "Pro N for Workstations",
        "enterprise" => "Enterprise",
        "enterprisen" => "Enterprise N",
        "enterpriseg" => "Enterprise G",
        "enterprises" => return Some(ltsc("Enterprise")),
        "enterprisesn" => return Some(ltsc("Enterprise N")),
        "iotenterprise" => "IoT Enterprise",
        "iotenterprises" => return Some(ltsc("IoT Enterprise")),
        "education" => "Education",
        "educationn" => "Education N",
        "cloudedition" => "SE",
        "serverrdsh" => "Enterprise multi-session",
        "ultimate" => "Ultimate",
        "homepremium" => "Home Premium",
        "homebasic" => "Home Basic",
        "starter" => "Starter",
        "business" => "Business",
        "serverstandard" => "Standard",
        "serverdatacenter" => "Datacenter",
        "serverstandardeval" => "Standard Evaluation",
        "serverdatacentereval" => "Datacenter Evaluation",
        "serverazureedition" | "serverturbine" => "Datacenter: Azure Edition",
        "serveressentials" | "serversolution" => "Essentials",
        "serverweb" => "Web",
        "serverenterprise" => "Enterprise",
        _ => return None,
    };
    Some(label.to_owned())
}

/// The table's display version for a known build; for others the registry's `DisplayVersion`,
/// else its `ReleaseId` (frozen at "2009" from 20H2 on, so not trusted past 19041) — and only
/// when the registry describes the chosen build.
fn display_version(
    src: &dyn Source,
    release: &Release,
    build: u32,
    from_registry: bool,
) -> Option<String> {
    if let Some(v) = release.display_version {
        return Some(v.to_owned());
    }
    if !from_registry || build < 10240 {
        return None;
    }
    let nonempty = |r: Result<String, OmitReason>| r.ok().filter(|v| !v.is_empty());
    nonempty(reg_string(src, CURRENT_VERSION_KEY, "DisplayVersion")).or_else(|| {
        if build > 19041 {
            return None;
        }
        nonempty(reg_string(src, CURRENT_VERSION_KEY, "ReleaseId"))
    })
}
