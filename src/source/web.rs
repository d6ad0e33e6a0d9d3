//! What a JavaScript host gives devprobe: a browser (`navigator`, `screen`, `window`) or a
//! WeChat mini-program (`wx`). [`Query::Web`](super::Query::Web) asks for one of these values and
//! [`Answer::Web`](super::Answer::Web) carries it, raw, as the host gave it; `facts/*/web.rs`
//! and `facts/*/miniprogram.rs` decide what it means. A snapshot keeps them in `web.json`, a
//! [`WebValues`] object.

use serde::{Deserialize, Serialize};

/// One value of a JavaScript host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WebQuery {
    /// `navigator.userAgent`.
    UserAgent,
    /// User-Agent Client Hints: `navigator.userAgentData` and its high-entropy values.
    ClientHints,
    /// `navigator.connection` (`type`, `effectiveType`).
    Connection,
    /// `navigator.onLine`.
    Online,
    /// `screen.orientation` (`type`, `angle`).
    ScreenOrientation,
    /// The window's size (`innerWidth`, `innerHeight`; `wx.getWindowInfo()`).
    Viewport,
    /// `wx.getDeviceInfo()` (else `wx.getSystemInfoSync()`).
    WxDevice,
    /// `wx.getNetworkType()` and the last `wx.onNetworkStatusChange`.
    WxNetwork,
    /// The last `wx.onDeviceMotionChange` sample.
    WxMotion,
}

/// The answer to a [`WebQuery`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WebAnswer {
    /// For [`WebQuery::UserAgent`].
    UserAgent(String),
    /// For [`WebQuery::ClientHints`].
    ClientHints(ClientHints),
    /// For [`WebQuery::Connection`].
    Connection(Connection),
    /// For [`WebQuery::Online`].
    Online(bool),
    /// For [`WebQuery::ScreenOrientation`].
    ScreenOrientation(ScreenOrientation),
    /// For [`WebQuery::Viewport`].
    Viewport(Viewport),
    /// For [`WebQuery::WxDevice`].
    WxDevice(WxDevice),
    /// For [`WebQuery::WxNetwork`].
    WxNetwork(WxNetwork),
    /// For [`WebQuery::WxMotion`].
    WxMotion(WxMotion),
}

/// User-Agent Client Hints, e.g. `{"platform": "Windows", "platform_version": "15.0.0"}`.
/// Empty strings are what Chromium gives for an unknown value (`model` on a desktop).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClientHints {
    /// `platform` (low entropy): `Windows`, `macOS`, `Android`, `Linux`, `Chrome OS`, ...
    #[serde(default)]
    pub platform: String,
    /// `platformVersion` (high entropy), e.g. `15.0.0`; `None` when not fetched.
    #[serde(
        default,
        alias = "platformVersion",
        skip_serializing_if = "Option::is_none"
    )]
    pub platform_version: Option<String>,
    /// `model` (high entropy), e.g. `Pixel 8`; `None` when not fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `mobile` (low entropy).
    #[serde(default)]
    pub mobile: bool,
}

impl ClientHints {
    /// Client Hints, e.g. `ClientHints::new("Android", Some("14.0.0"), Some("Pixel 8"), true)`.
    pub fn new(
        platform: &str,
        platform_version: Option<&str>,
        model: Option<&str>,
        mobile: bool,
    ) -> Self {
        ClientHints {
            platform: platform.to_owned(),
            platform_version: platform_version.map(str::to_owned),
            model: model.map(str::to_owned),
            mobile,
        }
    }
}

/// `navigator.connection`, e.g. `{"type": "wifi", "effective_type": "4g"}`. Desktop Chromium
/// gives no `type`; Firefox and Safari have no `navigator.connection` at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Connection {
    /// `type`: `wifi`, `ethernet`, `cellular`, `bluetooth`, `wimax`, `other`, `mixed`, `none`,
    /// `unknown`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `effectiveType`: `slow-2g`, `2g`, `3g`, `4g`.
    #[serde(
        default,
        alias = "effectiveType",
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_type: Option<String>,
}

impl Connection {
    /// A connection record, e.g. `Connection::new(Some("wifi"), Some("4g"))`.
    pub fn new(kind: Option<&str>, effective_type: Option<&str>) -> Self {
        Connection {
            kind: kind.map(str::to_owned),
            effective_type: effective_type.map(str::to_owned),
        }
    }
}

/// `screen.orientation`, e.g. `{"type": "landscape-primary", "angle": 0}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScreenOrientation {
    /// `type`, W3C spelling: `portrait-primary`, `landscape-secondary`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// `angle`: 0, 90, 180 or 270.
    pub angle: u16,
}

impl ScreenOrientation {
    /// An orientation record, e.g. `ScreenOrientation::new("landscape-primary", 0)`.
    pub fn new(kind: &str, angle: u16) -> Self {
        ScreenOrientation {
            kind: kind.to_owned(),
            angle,
        }
    }
}

/// The window's size in CSS pixels, e.g. `{"width": 1280, "height": 720}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Viewport {
    /// Width.
    #[serde(alias = "windowWidth")]
    pub width: u32,
    /// Height.
    #[serde(alias = "windowHeight")]
    pub height: u32,
}

impl WxDevice {
    /// A `wx.getDeviceInfo()` record.
    pub fn new(
        brand: Option<&str>,
        model: Option<&str>,
        system: Option<&str>,
        platform: Option<&str>,
    ) -> Self {
        WxDevice {
            brand: brand.map(str::to_owned),
            model: model.map(str::to_owned),
            system: system.map(str::to_owned),
            platform: platform.map(str::to_owned),
        }
    }
}

impl WxNetwork {
    /// A `wx.getNetworkType()` record, e.g. `WxNetwork::new(Some("5g"), None, Some(false))`.
    pub fn new(
        network_type: Option<&str>,
        is_connected: Option<bool>,
        weak_net: Option<bool>,
    ) -> Self {
        WxNetwork {
            network_type: network_type.map(str::to_owned),
            is_connected,
            weak_net,
        }
    }
}

impl WxMotion {
    /// A motion sample from WeChat's radians, rounded to milliradians; `None` unless both are
    /// finite and within a turn.
    pub fn from_radians(beta: f64, gamma: f64) -> Option<Self> {
        let mrad = |r: f64| {
            let m = (r * 1000.0).round();
            // Finite and within ±7000 (more than a turn) before the cast, which is then exact.
            (r.is_finite() && m.abs() <= 7000.0).then_some(m as i32)
        };
        Some(WxMotion {
            beta_mrad: mrad(beta)?,
            gamma_mrad: mrad(gamma)?,
        })
    }
}

impl Viewport {
    /// A window size.
    pub fn new(width: u32, height: u32) -> Self {
        Viewport { width, height }
    }
}

/// `wx.getDeviceInfo()`, e.g. `{"brand": "iPhone", "model": "iPhone 14 Pro<iPhone15,2>",
/// "system": "iOS 16.1", "platform": "ios"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WxDevice {
    /// `brand`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// `model`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `system`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// `platform`: `ios`, `android`, `ohos`, `windows`, `mac`, `devtools`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
}

/// `wx.getNetworkType()` and `wx.onNetworkStatusChange`, e.g.
/// `{"network_type": "5g", "is_connected": true, "weak_net": false}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WxNetwork {
    /// `networkType`: `wifi`, `2g`, `3g`, `4g`, `5g`, `unknown`, `none`.
    #[serde(
        default,
        alias = "networkType",
        skip_serializing_if = "Option::is_none"
    )]
    pub network_type: Option<String>,
    /// `isConnected` (change events only).
    #[serde(
        default,
        alias = "isConnected",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_connected: Option<bool>,
    /// `weakNet` (base library 3.5.3 and later).
    #[serde(default, alias = "weakNet", skip_serializing_if = "Option::is_none")]
    pub weak_net: Option<bool>,
}

/// One `wx.onDeviceMotionChange` sample in milliradians (WeChat gives radians), e.g.
/// `{"beta_mrad": 100, "gamma_mrad": -1520}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WxMotion {
    /// Rotation about the screen's X axis (top towards the user or the ground).
    #[serde(default)]
    pub beta_mrad: i32,
    /// Rotation about the screen's Y axis; positive when the right edge turns to the ground.
    #[serde(default)]
    pub gamma_mrad: i32,
}

/// Every value of a JavaScript host a snapshot replays (`web.json`); a member left out was not
/// there (the API is missing in that browser or WeChat version).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebValues {
    /// `navigator.userAgent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Client Hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_hints: Option<ClientHints>,
    /// `navigator.connection`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    /// `navigator.onLine`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    /// `screen.orientation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen_orientation: Option<ScreenOrientation>,
    /// The window's size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewport: Option<Viewport>,
    /// `wx.getDeviceInfo()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wx_device: Option<WxDevice>,
    /// `wx.getNetworkType()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wx_network: Option<WxNetwork>,
    /// The last device-motion sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wx_motion: Option<WxMotion>,
}

impl WebValues {
    /// The answer to `query`, or `None` when the value is not there.
    pub fn answer(&self, query: WebQuery) -> Option<WebAnswer> {
        match query {
            WebQuery::UserAgent => self.user_agent.clone().map(WebAnswer::UserAgent),
            WebQuery::ClientHints => self.client_hints.clone().map(WebAnswer::ClientHints),
            WebQuery::Connection => self.connection.clone().map(WebAnswer::Connection),
            WebQuery::Online => self.online.map(WebAnswer::Online),
            WebQuery::ScreenOrientation => self
                .screen_orientation
                .clone()
                .map(WebAnswer::ScreenOrientation),
            WebQuery::Viewport => self.viewport.map(WebAnswer::Viewport),
            WebQuery::WxDevice => self.wx_device.clone().map(WebAnswer::WxDevice),
            WebQuery::WxNetwork => self.wx_network.clone().map(WebAnswer::WxNetwork),
            WebQuery::WxMotion => self.wx_motion.map(WebAnswer::WxMotion),
        }
    }

    /// Stores `answer` in its member (the inverse of [`answer`](Self::answer)).
    pub fn set(&mut self, answer: WebAnswer) {
        match answer {
            WebAnswer::UserAgent(v) => self.user_agent = Some(v),
            WebAnswer::ClientHints(v) => self.client_hints = Some(v),
            WebAnswer::Connection(v) => self.connection = Some(v),
            WebAnswer::Online(v) => self.online = Some(v),
            WebAnswer::ScreenOrientation(v) => self.screen_orientation = Some(v),
            WebAnswer::Viewport(v) => self.viewport = Some(v),
            WebAnswer::WxDevice(v) => self.wx_device = Some(v),
            WebAnswer::WxNetwork(v) => self.wx_network = Some(v),
            WebAnswer::WxMotion(v) => self.wx_motion = Some(v),
        }
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        *self == WebValues::default()
    }
}
