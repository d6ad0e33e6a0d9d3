//! The Linux device probe against linux-hardware.org's 41,000 DMI sets
//! (`../shared/corpus/linux-dmi/reports.tsv`), judged by the rule of
//! `../shared/tools/dmi_agreement.py` (ported below) and weighted by how many machines shared
//! each set. Brand must agree for ≥ 99.0 % and model for ≥ 98.0 % of the machines that carry a
//! reference label, and no placeholder from `junk_candidates.tsv` may ever be reported.

use crate::linux_device_support;

use std::collections::HashMap;

use devprobe::Device;
use linux_device_support::{corpus, device, dmi_snapshot, read_tsv};

/// The judge of `dmi_agreement.py`, line for line.
mod judge {
    const ALIAS: &[(&str, &str)] = &[
        ("hewlett-packard", "hp"),
        ("asustek computer", "asus"),
        ("gigabyte technology", "gigabyte"),
        ("samsung electronics", "samsung"),
        ("lg electronics", "lg"),
        ("intel client systems", "intel"),
        ("micro-star international", "msi"),
    ];
    pub const NOREF: &[&str] = &["others", "oem", "notebook", "unknown", ""];

    /// `norm`: lower case, `/` → `-`, a trailing `(...)` dropped, blanks and `_` folded, trailing
    /// dots dropped.
    pub fn norm(s: &str) -> String {
        let mut s = s.to_lowercase().replace('/', "-");
        // re.sub(r'\s*\([^)]*\)\s*$', '', s)
        let t = s.trim_end();
        if let Some(body) = t.strip_suffix(')') {
            let after_last_close = body.rfind(')').map_or(0, |i| i + 1);
            if let Some(open) = body[after_last_close..].find('(') {
                s = body[..after_last_close + open].trim_end().to_owned();
            }
        }
        // re.sub(r'[\s_]+', ' ', s).strip().rstrip('.').strip()
        let mut out = String::new();
        let mut gap = false;
        for c in s.chars() {
            if c.is_whitespace() || c == '_' {
                gap = true;
            } else {
                if gap {
                    out.push(' ');
                }
                gap = false;
                out.push(c);
            }
        }
        if gap {
            out.push(' ');
        }
        out.trim().trim_end_matches('.').trim().to_owned()
    }

    fn alias(s: String) -> String {
        ALIAS
            .iter()
            .find(|(k, _)| *k == s)
            .map_or(s, |(_, v)| (*v).to_owned())
    }

    /// `words_in(a, b)`: `a` occurs in `b` between blanks or the ends.
    pub fn words_in(a: &str, b: &str) -> bool {
        b.match_indices(a).any(|(i, _)| {
            let before = b[..i].chars().next_back().is_none_or(|c| c == ' ');
            let after = b[i + a.len()..].chars().next().is_none_or(|c| c == ' ');
            before && after
        })
    }

    pub fn brand_agrees(ours: &str, reference: &str) -> bool {
        let o = alias(norm(ours));
        let r = alias(norm(reference));
        if o.is_empty() {
            return false;
        }
        o == r || words_in(&o, &r) || words_in(&r, &o)
    }

    pub fn model_agrees(brand: &str, model: &str, ident: Option<&str>, reference: &str) -> bool {
        let r = norm(reference);
        if r == "all series" || r == "others" {
            return !model.is_empty();
        }
        if model.is_empty() {
            return false;
        }
        let mut cands = vec![norm(model)];
        if let Some(id) = ident.filter(|i| !i.is_empty()) {
            cands.push(norm(&format!("{model} {id}")));
        }
        let b = norm(brand);
        for c in cands.clone() {
            if !b.is_empty()
                && let Some(rest) = c.strip_prefix(&format!("{b} "))
            {
                cands.push(rest.to_owned());
            }
        }
        cands.iter().any(|c| {
            if *c == r {
                return true;
            }
            let (s, l) = if c.len() <= r.len() {
                (c.as_str(), r.as_str())
            } else {
                (r.as_str(), c.as_str())
            };
            s.chars().count() >= 3 && words_in(s, l)
        })
    }

    #[test]
    fn the_port_agrees_with_the_python_on_its_own_conventions() {
        assert_eq!(norm("TUF GAMING X570-PLUS (WI-FI)"), "tuf gaming x570-plus");
        assert_eq!(norm("  300V3A/300V4A_x  "), "300v3a-300v4a x");
        assert_eq!(norm("Acer, inc."), "acer, inc");
        assert!(brand_agrees("Intel", "Intel Client Systems"));
        assert!(brand_agrees("ASUS", "ASUSTek Computer"));
        assert!(!brand_agrees("", "Dell"));
        assert!(!brand_agrees("HP", "HPE"));
        assert!(model_agrees(
            "Lenovo",
            "ThinkPad T14s Gen 1",
            Some("20UJ001TRT"),
            "ThinkPad T14s Gen 1 20UJ001TRT"
        ));
        assert!(model_agrees(
            "HP",
            "HP EliteBook 830 G5",
            None,
            "EliteBook 830 G5"
        ));
        assert!(model_agrees("ASUS", "B85M-E", None, "All Series"));
        assert!(!model_agrees("HP", "HP 15 Notebook PC", None, "15"));
        assert!(!model_agrees("X", "", None, "Others"));
    }
}

/// Placeholders among `junk_candidates.tsv`'s values, classified by hand (not by the probe's
/// own rule): none of them may ever come out as a brand or a model.
const PLACEHOLDERS: &[&str] = &[
    "System manufacturer",
    "To Be Filled By O.E.M.",
    "To be filled by O.E.M.",
    "Default string",
    "Notebook",
    "OEM",
    "Not Specified",
    "empty",
    "SYSTEM_MANUFACTURER",
    "Standard",
    "$(DEFAULT_STRING)",
    "O.E.M",
    "System Product Name",
    "All Series",
    "INVALID",
    "System Version",
    "Not Applicable",
    "Type1ProductConfigId",
    "0123456789",
    "x.x",
    "Type1 - TBD by OEM",
    "1234567890",
    "TBD by OEM",
    "XX",
    "123456789",
    "....................",
    "N/A",
    "Type1Family",
    "None",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0000000000",
    "<BAD INDEX>",
    "NONE",
    "Type1 - Family",
    "00",
    "Type2 - Board Vendor Name1",
    "Type2 - Board Manufacturer",
    "Base Board Product Name",
    "Type2 - Board Product Name1",
    "Type2 - Board Product Name",
];

struct Tally {
    total: u64,
    agreed: u64,
    misses: HashMap<String, u64>,
}

impl Tally {
    fn new() -> Self {
        Tally {
            total: 0,
            agreed: 0,
            misses: HashMap::new(),
        }
    }
    fn add(&mut self, count: u64, agrees: bool, describe: impl FnOnce() -> String) {
        self.total += count;
        if agrees {
            self.agreed += count;
        } else {
            *self.misses.entry(describe()).or_default() += count;
        }
    }
    fn rate(&self) -> f64 {
        100.0 * self.agreed as f64 / self.total.max(1) as f64
    }
    /// Prints the rate and the largest disagreements (15, or `DMI_MISSES`).
    fn print(&self, what: &str) {
        println!(
            "{what} agrees for {:.3} % of {} machines",
            self.rate(),
            self.total
        );
        let mut misses: Vec<_> = self.misses.iter().collect();
        misses.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        println!("largest {what} disagreements (machines: ours | linux-hardware.org | DMI):");
        let shown = std::env::var("DMI_MISSES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(15);
        for (row, n) in misses.iter().take(shown) {
            println!("  {n:>4}  {row}");
        }
    }
}

fn show(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("-")
}

#[test]
fn linux_hardware_org_dmi_agreement() {
    let Some(dir) = corpus("linux-dmi") else {
        return;
    };
    let rows = read_tsv(&dir.join("reports.tsv"));
    assert!(rows.len() > 40_000, "{} rows", rows.len());
    let junk: Vec<String> = PLACEHOLDERS.iter().map(|p| p.to_lowercase()).collect();
    let (mut brand, mut model) = (Tally::new(), Tally::new());
    let mut leaked = Vec::new();
    for row in &rows {
        let d: Device = device(dmi_snapshot(row));
        for v in [&d.brand, &d.model].into_iter().flatten() {
            if junk.contains(&v.to_lowercase()) {
                leaked.push(format!("{v:?} from {row:?}"));
            }
        }
        let (ref_vendor, ref_model) = (&row["path_vendor"], &row["path_model"]);
        if judge::NOREF.contains(&judge::norm(ref_vendor).as_str()) {
            continue;
        }
        let count: u64 = row["count"].parse().unwrap();
        let b = d.brand.as_deref().unwrap_or("");
        brand.add(count, judge::brand_agrees(b, ref_vendor), || {
            format!(
                "{} | {ref_vendor} | {} / {}",
                show(&d.brand),
                row["sys_vendor"],
                row["board_vendor"]
            )
        });
        let m = d.model.as_deref().unwrap_or("");
        model.add(
            count,
            judge::model_agrees(b, m, d.model_identifier.as_deref(), ref_model),
            || {
                format!(
                    "{} [{}] | {ref_model} | {} / {} / {} / {}",
                    show(&d.model),
                    show(&d.model_identifier),
                    row["product_name"],
                    row["product_version"],
                    row["product_family"],
                    row["board_name"]
                )
            },
        );
    }
    brand.print("brand");
    model.print("model");
    assert!(leaked.is_empty(), "placeholders reported: {leaked:#?}");
    assert!(
        brand.rate() >= 99.0,
        "brand agreement {:.3} % < 99.0 %",
        brand.rate()
    );
    assert!(
        model.rate() >= 98.0,
        "model agreement {:.3} % < 98.0 %",
        model.rate()
    );
}

#[test]
fn junk_candidates_that_are_placeholders_are_never_reported() {
    let Some(dir) = corpus("linux-dmi") else {
        return;
    };
    let candidates = read_tsv(&dir.join("junk_candidates.tsv"));
    let values: Vec<&str> = candidates.iter().map(|r| r["value"].as_str()).collect();
    for p in PLACEHOLDERS {
        assert!(values.contains(p), "{p:?} is not in junk_candidates.tsv");
        assert!(
            devprobe::__fuzzing::dmi::is_placeholder(p) || *p == "Notebook",
            "{p:?}"
        );
    }
    // Each placeholder in every DMI file at once, and with a real vendor around it.
    for p in PLACEHOLDERS {
        let all_junk: HashMap<String, String> = linux_device_support::DMI_FIELDS
            .iter()
            .map(|f| ((*f).to_owned(), (*p).to_owned()))
            .collect();
        let d = device(dmi_snapshot(&all_junk));
        assert_eq!(
            (d.brand.as_deref(), d.model.as_deref()),
            (None, None),
            "{p:?} everywhere"
        );
        let mut around = all_junk.clone();
        around.insert("sys_vendor".into(), "Dell Inc.".into());
        let d = device(dmi_snapshot(&around));
        assert_eq!(
            (d.brand.as_deref(), d.model.as_deref()),
            (Some("Dell"), None),
            "{p:?} with Dell"
        );
    }
}
