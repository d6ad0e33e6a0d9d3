//! The web and mini-program platforms on Linux: snapshots of what browsers and WeChat give
//! (User-Agent strings and Client Hints as real browsers send them, `wx` answers as WeChat
//! documents them), through the same collector as every other platform.

use devprobe::source::{
    ClientHints, Connection, ScreenOrientation, Snapshot, Viewport, WebAnswer, WebValues, WxDevice,
    WxMotion, WxNetwork,
};
use devprobe::{Collector, Consent, Field, OmitReason, Platform, Purpose, Report};

fn report(device: Snapshot) -> Report {
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    Collector::builder(consent)
        .source(device)
        .build()
        .collect()
        .unwrap()
}

fn browser(ua: &str) -> Snapshot {
    Snapshot::new(Platform::Web)
        .web(WebAnswer::UserAgent(ua.to_owned()))
        .web(WebAnswer::Online(true))
        .web(WebAnswer::Viewport(Viewport::new(1280, 720)))
}

#[track_caller]
fn os(r: &Report, name: &str, version: Result<&str, OmitReason>) {
    assert_eq!(r.os.name.as_deref(), Some(name));
    match version {
        Ok(v) => assert_eq!(r.os.version.as_deref(), Some(v)),
        Err(reason) => {
            assert_eq!(r.os.version, None);
            assert_eq!(r.omission(Field::OsVersion), Some(reason));
        }
    }
}

const CHROME_ANDROID_REDUCED: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
const CHROME_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

#[test]
fn chrome_on_a_pixel_8_reports_client_hints_not_the_reduced_ua() {
    let device = browser(CHROME_ANDROID_REDUCED)
        .web(WebAnswer::ClientHints(ClientHints::new(
            "Android",
            Some("14.0.0"),
            Some("Pixel 8"),
            true,
        )))
        .web(WebAnswer::Connection(Connection::new(
            Some("cellular"),
            Some("3g"),
        )))
        .web(WebAnswer::ScreenOrientation(ScreenOrientation::new(
            "portrait-primary",
            0,
        )));
    let r = report(device);
    assert_eq!(r.platform, Platform::Web);
    os(&r, "Android", Ok("14"));
    assert_eq!(r.os.os_type, Some(devprobe::OsType::Linux));
    assert_eq!(r.device.model.as_deref(), Some("Pixel 8"));
    assert_eq!(
        r.omission(Field::DeviceBrand),
        Some(OmitReason::Unsupported)
    );
    assert_eq!(
        r.network.connection_type,
        Some(devprobe::ConnectionType::Cell)
    );
    assert_eq!(
        r.network.effective_type,
        Some(devprobe::EffectiveType::Class3g)
    );
    assert_eq!(
        r.omission(Field::NetworkConnectionSubtype),
        Some(OmitReason::Unsupported),
        "effectiveType is never a radio technology"
    );
    assert_eq!(r.omission(Field::NetworkIp), Some(OmitReason::Unsupported));
    assert_eq!(
        r.screen.orientation,
        Some(devprobe::Orientation::PortraitPrimary)
    );
}

#[test]
fn chrome_on_windows_11_and_10_by_platform_version() {
    for (version, expected) in [("15.0.0", "11"), ("10.0.0", "10")] {
        let r = report(
            browser(CHROME_WINDOWS).web(WebAnswer::ClientHints(ClientHints::new(
                "Windows",
                Some(version),
                Some(""),
                false,
            ))),
        );
        os(&r, "Windows", Ok(expected));
        assert_eq!(r.os.os_type, Some(devprobe::OsType::Windows));
        assert_eq!(r.omission(Field::DeviceModel), Some(OmitReason::NotFound));
    }
}

#[test]
fn reduced_user_agents_without_client_hints_give_no_version() {
    // Samsung Internet 25 with Client Hints turned off, Firefox on Windows 11, Safari on macOS.
    let r = report(browser(CHROME_ANDROID_REDUCED));
    os(&r, "Android", Err(OmitReason::Unsupported));
    assert_eq!(
        r.omission(Field::DeviceModel),
        Some(OmitReason::Unsupported),
        "K is no model"
    );
    let r = report(browser(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    ));
    os(&r, "Windows", Err(OmitReason::Unsupported));
    assert_eq!(
        r.omission(Field::NetworkConnectionType),
        Some(OmitReason::Unsupported)
    );
    assert_eq!(
        r.omission(Field::NetworkEffectiveType),
        Some(OmitReason::Unsupported)
    );
    let r = report(browser(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    ));
    os(&r, "macOS", Err(OmitReason::Unsupported));
    assert_eq!(r.os.os_type, Some(devprobe::OsType::Darwin));
}

#[test]
fn safari_on_ios_states_its_version_and_falls_back_to_the_window_shape() {
    let r = report(
        Snapshot::new(Platform::Web)
            .web(WebAnswer::UserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 Mobile/15E148 Safari/604.1".into()))
            .web(WebAnswer::Online(false))
            .web(WebAnswer::Viewport(Viewport::new(390, 844))),
    );
    os(&r, "iOS", Ok("16.1"));
    assert_eq!(r.omission(Field::DeviceModel), Some(OmitReason::NotFound));
    assert_eq!(r.network.online, Some(false));
    assert_eq!(
        r.network.connection_type,
        Some(devprobe::ConnectionType::Unavailable),
        "offline, whatever the missing navigator.connection"
    );
    assert_eq!(
        r.screen.orientation,
        Some(devprobe::Orientation::PortraitPrimary)
    );
    assert_eq!(
        r.omission(Field::ScreenRotationDegrees),
        Some(OmitReason::Unsupported)
    );
}

#[test]
fn wechat_webview_on_android_states_its_model() {
    let r = report(browser(
        "Mozilla/5.0 (Linux; Android 14; 2211133C Build/UKQ1.230705.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110017 MMWEBSDK/20230805 MMWEBID/525 MicroMessenger/8.0.42.2460(0x28002A35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
    ));
    os(&r, "Android", Ok("14"));
    assert_eq!(r.device.model.as_deref(), Some("2211133C"));
}

#[test]
fn a_mini_program_on_an_iphone() {
    let values: WebValues = serde_json::from_str(
        r#"{"wx_device": {"brand": "iPhone", "model": "iPhone 14 Pro<iPhone15,2>", "system": "iOS 16.1", "platform": "ios"},
            "wx_network": {"network_type": "4g", "weak_net": false},
            "viewport": {"width": 852, "height": 393},
            "wx_motion": {"beta_mrad": 20, "gamma_mrad": 1480}}"#,
    )
    .unwrap();
    let r = report(Snapshot::new(Platform::MiniProgram).web_values(values));
    assert_eq!(r.platform, Platform::MiniProgram);
    assert_eq!(r.device.brand.as_deref(), Some("Apple"));
    assert_eq!(r.device.model.as_deref(), Some("iPhone 14 Pro"));
    assert_eq!(r.device.model_identifier.as_deref(), Some("iPhone15,2"));
    os(&r, "iOS", Ok("16.1"));
    assert_eq!(
        r.network.connection_type,
        Some(devprobe::ConnectionType::Cell)
    );
    assert_eq!(
        r.network.connection_subtype,
        Some(devprobe::ConnectionSubtype::Lte)
    );
    assert_eq!(
        r.screen.orientation,
        Some(devprobe::Orientation::LandscapeSecondary)
    );
    assert_eq!(r.screen.rotation_degrees, Some(270));
}

#[test]
fn a_mini_program_without_wx_apis_omits_everything_unsupported() {
    let r = report(
        Snapshot::new(Platform::MiniProgram).web(WebAnswer::WxMotion(
            WxMotion::from_radians(0.0, 0.0).unwrap(),
        )),
    );
    for f in [
        Field::DeviceModel,
        Field::OsName,
        Field::NetworkConnectionType,
        Field::ScreenOrientation,
    ] {
        assert_eq!(r.omission(f), Some(OmitReason::Unsupported), "{f}");
    }
    let _ = WxDevice::default();
    let _ = WxNetwork::default();
}

#[test]
fn web_values_round_trip_through_a_snapshot_folder() {
    let dir = std::env::temp_dir().join(format!("devprobe-web-snapshot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("platform"), "web\n").unwrap();
    std::fs::write(
        dir.join("web.json"),
        r#"{"user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "client_hints": null, "online": true,
            "screen_orientation": {"type": "landscape-primary", "angle": 0}}"#,
    )
    .unwrap();
    let r = report(Snapshot::from_dir(&dir).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
    os(&r, "Linux", Err(OmitReason::Unsupported));
    assert_eq!(
        r.screen.orientation,
        Some(devprobe::Orientation::LandscapePrimary)
    );
    assert_eq!(r.screen.rotation_degrees, Some(0));
}
