//! `footprint_without` plus one full `collect()` (`benches/footprint.sh` compares their stripped
//! sizes): what linking devprobe and calling it costs a binary.

use devprobe::{Collector, Consent, Purpose};

fn main() {
    let n = std::env::args().count();
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let report = Collector::builder(consent).build().collect();
    let name = report.ok().and_then(|r| r.os.name).unwrap_or_default();
    println!("{}", n.to_string().len() + name.len());
}
