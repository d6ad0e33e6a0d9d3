use super::*;

fn stated(s: &str) -> Option<Claim> {
    Some(Claim::Stated(s.to_owned()))
}

fn reduced(s: &str) -> Option<Claim> {
    Some(Claim::Reduced(s.to_owned()))
}

#[track_caller]
fn check(
    ua: &str,
    family: Option<UaOsFamily>,
    version: Option<Claim>,
    model: Option<Claim>,
    browser: Option<Browser>,
) {
    let got = parse_user_agent(ua).unwrap_or_else(|e| panic!("{e}: {ua}"));
    assert_eq!(got.os.as_ref().map(|o| o.family), family, "family of {ua}");
    assert_eq!(got.os.and_then(|o| o.version), version, "version of {ua}");
    assert_eq!(got.model, model, "model of {ua}");
    assert_eq!(got.browser, browser, "browser of {ua}");
}

#[test]
fn firefox_windows_11_says_nt_10_which_is_reduced() {
    check(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        Some(UaOsFamily::Windows),
        reduced("10.0"),
        None,
        Some(Browser::Firefox),
    );
}

#[test]
fn firefox_windows_7_states_nt_6_1() {
    check(
        "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
        Some(UaOsFamily::Windows),
        stated("6.1"),
        None,
        Some(Browser::Firefox),
    );
}

#[test]
fn firefox_linux_and_ubuntu_give_no_version() {
    for ua in [
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
    ] {
        check(
            ua,
            Some(UaOsFamily::Linux),
            None,
            None,
            Some(Browser::Firefox),
        );
    }
}

#[test]
fn firefox_android_states_the_version_and_no_model() {
    check(
        "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
        Some(UaOsFamily::Android),
        stated("14"),
        None,
        Some(Browser::Firefox),
    );
}

#[test]
fn firefox_macos_caps_at_10_15() {
    check(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0",
        Some(UaOsFamily::MacOs),
        reduced("10.15"),
        None,
        Some(Browser::Firefox),
    );
}

#[test]
fn safari_macos_is_frozen_at_10_15_7() {
    check(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        Some(UaOsFamily::MacOs),
        reduced("10.15.7"),
        None,
        Some(Browser::Safari),
    );
}

#[test]
fn safari_on_mojave_states_10_14_6() {
    check(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.2 Safari/605.1.15",
        Some(UaOsFamily::MacOs),
        stated("10.14.6"),
        None,
        Some(Browser::Safari),
    );
}

#[test]
fn safari_ios_iphone_states_the_version_and_no_model() {
    check(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        Some(UaOsFamily::Ios),
        stated("17.4"),
        None,
        Some(Browser::Safari),
    );
}

#[test]
fn safari_ipados_16_1() {
    check(
        "Mozilla/5.0 (iPad; CPU OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 Mobile/15E148 Safari/604.1",
        Some(UaOsFamily::Ios),
        stated("16.1"),
        None,
        Some(Browser::Safari),
    );
}

#[test]
fn safari_26_freezes_ios_at_18_6() {
    check(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1",
        Some(UaOsFamily::Ios),
        reduced("18.6"),
        None,
        Some(Browser::Safari),
    );
    // Safari 18.6 on iOS 18.6 is what it says.
    check(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
        Some(UaOsFamily::Ios),
        stated("18.6"),
        None,
        Some(Browser::Safari),
    );
}

#[test]
fn chrome_on_ios_is_chrome() {
    check(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
        Some(UaOsFamily::Ios),
        stated("17.4"),
        None,
        Some(Browser::Chrome),
    );
}

#[test]
fn reduced_chrome_android_k_is_never_a_model_nor_a_version() {
    check(
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
        Some(UaOsFamily::Android),
        reduced("10"),
        reduced("K"),
        Some(Browser::Chrome),
    );
}

#[test]
fn reduced_chrome_desktop_platforms() {
    check(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        Some(UaOsFamily::Windows),
        reduced("10.0"),
        None,
        Some(Browser::Chrome),
    );
    check(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        Some(UaOsFamily::Linux),
        None,
        None,
        Some(Browser::Chrome),
    );
    check(
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        Some(UaOsFamily::ChromeOs),
        reduced("14541.0.0"),
        None,
        Some(Browser::Chrome),
    );
}

#[test]
fn edge_on_windows() {
    check(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
        Some(UaOsFamily::Windows),
        reduced("10.0"),
        None,
        Some(Browser::Edge),
    );
}

#[test]
fn chrome_before_reduction_states_pixel_6_pro() {
    check(
        "Mozilla/5.0 (Linux; Android 13; Pixel 6 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Mobile Safari/537.36",
        Some(UaOsFamily::Android),
        stated("13"),
        stated("Pixel 6 Pro"),
        Some(Browser::Chrome),
    );
}

#[test]
fn samsung_internet_21_states_the_model_without_the_samsung_prefix() {
    check(
        "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/21.0 Chrome/110.0.5481.154 Mobile Safari/537.36",
        Some(UaOsFamily::Android),
        stated("13"),
        stated("SM-S918B"),
        Some(Browser::SamsungInternet),
    );
}

#[test]
fn samsung_internet_24_and_later_send_the_reduced_k() {
    check(
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        Some(UaOsFamily::Android),
        reduced("10"),
        reduced("K"),
        Some(Browser::SamsungInternet),
    );
}

#[test]
fn wechat_android_webview_states_model_and_version() {
    check(
        "Mozilla/5.0 (Linux; Android 14; 2211133C Build/UKQ1.230705.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110017 MMWEBSDK/20230805 MMWEBID/525 MicroMessenger/8.0.42.2460(0x28002A35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
        Some(UaOsFamily::Android),
        stated("14"),
        stated("2211133C"),
        Some(Browser::WeChat),
    );
}

#[test]
fn wechat_android_10_on_a_real_model_is_not_reduced() {
    check(
        "Mozilla/5.0 (Linux; Android 10; ELE-AL00 Build/HUAWEIELE-AL00; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/77.0.3865.120 MQQBrowser/6.2 TBS/045525 Mobile Safari/537.36 MMWEBID/3135 MicroMessenger/8.0.2.1860(0x2800023B) Process/tools WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
        Some(UaOsFamily::Android),
        stated("10"),
        stated("ELE-AL00"),
        Some(Browser::WeChat),
    );
}

#[test]
fn wechat_ios_states_17_5_1() {
    check(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003135) NetType/WIFI Language/zh_CN",
        Some(UaOsFamily::Ios),
        stated("17.5.1"),
        None,
        Some(Browser::WeChat),
    );
}

#[test]
fn old_android_webview_with_locale_before_the_model() {
    check(
        "Mozilla/5.0 (Linux; U; Android 4.4.2; en-us; SM-G900F Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
        Some(UaOsFamily::Android),
        stated("4.4.2"),
        stated("SM-G900F"),
        Some(Browser::Safari),
    );
}

#[test]
fn strings_that_name_nothing_give_nothing() {
    for ua in [
        "",
        "curl/8.5.0",
        "Mozilla/5.0 (",
        "Mozilla/5.0 (compatible; Googlebot/2.1)",
        "(;;;)",
        "Mozilla/5.0 (Linux; Android; Build/)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X _)",
        "Mozilla/5.0 (Windows NT ten)",
        // Found by the fuzz target: versions that are not dot-separated digits.
        "Mozilla/5.0 (Linux; Android 4.42.; EdgA/)",
        "Mozilla/5.0 (Windows NT 10.)",
        "Mozilla/5.0 (X11; CrOS x86_64 .1)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10__15)",
    ] {
        let got = parse_user_agent(ua).unwrap_or_else(|e| panic!("{e}: {ua}"));
        assert_eq!(got.model, None, "{ua}");
        assert_eq!(got.os.and_then(|o| o.version), None, "{ua}");
    }
}

#[test]
fn not_a_user_agent_string() {
    assert_eq!(
        parse_user_agent("Mozilla/5.0 (Linux; Android 14;\u{1b}[31m Pixel)"),
        Err(UserAgentError::ControlCharacter)
    );
    assert_eq!(
        parse_user_agent(&"a".repeat(MAX_LEN + 1)),
        Err(UserAgentError::TooLong)
    );
    assert!(parse_user_agent(&"(".repeat(MAX_LEN)).is_ok());
}

#[test]
fn claims() {
    assert_eq!(Claim::Stated("14".into()).stated(), Some("14"));
    assert_eq!(Claim::Reduced("K".into()).stated(), None);
    assert_eq!(Claim::Reduced("K".into()).as_str(), "K");
}
