//! Stored grants (`Consent::restore_json`): garbage is refused and leaves the consent as it
//! was; an accepted grant is normalized (sorted, no repeats, a known catalog version) and
//! survives its own JSON round trip.
#![no_main]

use devprobe::catalog::CATALOG_VERSION;
use devprobe::{Consent, Error, Purpose};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let json = text(data);
    let consent = Consent::new();
    consent.grant([Purpose::Connectivity]);
    let before = consent.status();
    match consent.restore_json(&json) {
        Err(e) => {
            assert_eq!(
                consent.status(),
                before,
                "a refused grant changed the state"
            );
            if let Error::UnknownPurpose(p) = &e {
                assert!(p.chars().count() <= 64);
            }
        }
        Ok(()) => {
            let grant = consent.grant_now().expect("a restored grant is granted");
            assert!((1..=CATALOG_VERSION).contains(&grant.catalog_version));
            assert!(
                grant.purposes.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                grant.purposes
            );
            for p in Purpose::ALL {
                assert_eq!(consent.is_granted(*p), grant.purposes.contains(p));
            }
            let again = Consent::new();
            again
                .restore_json(&serde_json::to_string(&grant).expect("a grant serializes"))
                .expect("a restored grant restores again");
            assert_eq!(again.grant_now(), Some(grant));
        }
    }
});
