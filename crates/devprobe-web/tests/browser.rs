//! In a real headless Chromium (wasm-bindgen-test through chromedriver; see .ci/web.sh and
//! webdriver.json): the browser source, the consent gate and the change path, at the default
//! window size of Chromium on this Linux machine.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use devprobe_web::{WebCollector, WebConsent};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn report(collector: &WebCollector) -> Value {
    JsFuture::from(collector.prepare()).await.unwrap();
    let json = collector
        .collect_json()
        .unwrap_or_else(|_| panic!("collect failed"));
    serde_json::from_str(&json).unwrap()
}

fn omitted(report: &Value, field: &str) -> Option<String> {
    report["omitted"]
        .as_array()?
        .iter()
        .find(|o| o["field"] == field)
        .and_then(|o| o["reason"].as_str().map(str::to_owned))
}

#[wasm_bindgen_test]
async fn a_web_report_of_this_linux_machine() {
    let consent = WebConsent::new();
    let collector = WebCollector::new(&consent, JsValue::UNDEFINED);
    consent
        .grant(vec![
            "compatibility".into(),
            "server_selection".into(),
            "connectivity".into(),
            "video_orientation".into(),
        ])
        .unwrap_or_else(|_| panic!("grant failed"));
    let r = report(&collector).await;
    assert_eq!(r["platform"], "web");
    assert_eq!(r["os"]["name"], "Linux", "from Client Hints: {r}");
    assert_eq!(r["os"]["type"], "linux");
    assert_eq!(omitted(&r, "os.version").as_deref(), Some("unsupported"));
    assert_eq!(r["screen"]["orientation"], "landscape_primary");
    assert_eq!(r["screen"]["rotation_degrees"], 0);
    assert_eq!(r["screen"]["source"], "display");
    assert_eq!(omitted(&r, "network.ip").as_deref(), Some("unsupported"));
    assert_eq!(omitted(&r, "device.brand").as_deref(), Some("unsupported"));
    assert_eq!(r["network"]["online"], true);
    let granted_at = consent.grant_now().ok().flatten().unwrap_or_default();
    assert!(
        !granted_at.contains("1970-01-01"),
        "the browser's clock: {granted_at}"
    );
}

#[wasm_bindgen_test]
async fn nothing_is_collected_before_a_grant_nor_after_withdrawal() {
    let consent = WebConsent::new();
    let collector = WebCollector::new(&consent, JsValue::UNDEFINED);
    JsFuture::from(collector.prepare()).await.unwrap();
    assert!(collector.collect_json().is_err());
    consent
        .grant(vec!["video_orientation".into()])
        .unwrap_or_else(|_| panic!("grant failed"));
    let r = report(&collector).await;
    assert_eq!(omitted(&r, "os.name").as_deref(), Some("not_permitted"));
    assert_eq!(r["screen"]["orientation"], "landscape_primary");
    consent
        .withdraw()
        .unwrap_or_else(|_| panic!("withdraw failed"));
    assert!(collector.collect_json().is_err());
}
