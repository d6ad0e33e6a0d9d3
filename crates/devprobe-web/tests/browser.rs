//! In a real headless Chromium (wasm-bindgen-test through chromedriver; see .ci/web.sh).

use devprobe_web::WebConsent;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_grant_is_stamped_with_the_browser_clock() {
    let consent = WebConsent::new();
    let grant = consent
        .grant(vec!["compatibility".into()])
        .unwrap_or_default();
    assert!(
        grant.contains("\"purposes\":[\"compatibility\"]"),
        "{grant}"
    );
    assert!(!grant.contains("1970-01-01"), "{grant}");
}
