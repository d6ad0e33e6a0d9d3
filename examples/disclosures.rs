//! Writes the disclosures generated from devprobe's data catalog into the repository:
//! the catalog section of `PRIVACY.md` (between its markers), `schema/report.schema.json`,
//! `disclosures/PrivacyInfo.xcprivacy` and `disclosures/play-data-safety.csv`.
//!
//! ```text
//! cargo run --example disclosures            # write them
//! cargo run --example disclosures -- --check # exit 1 if any file differs from the generator
//! ```
//!
//! Exit codes: 0 up to date (or written), 1 `--check` found a difference, 2 bad flag or a file
//! that cannot be read or written (e.g. `PRIVACY.md` without its markers).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use devprobe::catalog::Catalog;
use devprobe::disclosure;

fn main() -> ExitCode {
    let mut check = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check = true,
            other => {
                eprintln!("disclosures: unknown flag {other:?}; usage: disclosures [--check]");
                return ExitCode::from(2);
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match run(&root, check) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("disclosures: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes (or checks) every generated file; returns how many differed.
fn run(root: &Path, check: bool) -> Result<usize, String> {
    let privacy_path = root.join(disclosure::PRIVACY_MD);
    let privacy = std::fs::read_to_string(&privacy_path)
        .map_err(|e| format!("cannot read {}: {e}", privacy_path.display()))?;
    let section = disclosure::catalog_section(&Catalog::current());
    let privacy = disclosure::embed(&privacy, &section).ok_or_else(|| {
        format!(
            "{} lacks the generated-section markers",
            privacy_path.display()
        )
    })?;
    let mut files = vec![(disclosure::PRIVACY_MD, privacy)];
    files.extend(disclosure::generated_files().map_err(|e| format!("cannot generate: {e}"))?);

    let mut differing = 0;
    for (rel, contents) in files {
        let path = root.join(rel);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == contents {
            continue;
        }
        differing += 1;
        if check {
            eprintln!("disclosures: {rel} differs from the generator");
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("disclosures: wrote {rel}");
    }
    Ok(if check { differing } else { 0 })
}
