//! The values of a JavaScript host (a browser or a WeChat mini-program), one query each,
//! typed: shared by every group of the web and mini-program platforms.

use crate::parse::user_agent::{UserAgent, parse_user_agent};
use crate::source::{
    Answer, ClientHints, Connection, Query, ScreenOrientation, Source, SourceError, Viewport,
    WebAnswer, WebQuery, WxDevice, WxMotion, WxNetwork,
};

fn ask(source: &dyn Source, query: WebQuery) -> Result<WebAnswer, SourceError> {
    match source.query(&Query::Web(query))? {
        Answer::Web(answer) => Ok(answer),
        _ => Err(SourceError::Malformed),
    }
}

/// Generates one typed reader per web value.
macro_rules! readers {
    ($( $(#[$doc:meta])* $name:ident: $query:ident => $ty:ty; )*) => {
        $(
            $(#[$doc])*
            pub(crate) fn $name(source: &dyn Source) -> Result<$ty, SourceError> {
                match ask(source, WebQuery::$query)? {
                    WebAnswer::$query(v) => Ok(v),
                    _ => Err(SourceError::Malformed),
                }
            }
        )*
    };
}

readers! {
    /// User-Agent Client Hints; `Unsupported` in a browser without them (Firefox, Safari).
    client_hints: ClientHints => ClientHints;
    /// `navigator.connection`; `Unsupported` without it.
    connection: Connection => Connection;
    /// `navigator.onLine`.
    online: Online => bool;
    /// `screen.orientation`; `Unsupported` without it.
    screen_orientation: ScreenOrientation => ScreenOrientation;
    /// The window's size.
    viewport: Viewport => Viewport;
    /// `wx.getDeviceInfo()`.
    wx_device: WxDevice => WxDevice;
    /// `wx.getNetworkType()`.
    wx_network: WxNetwork => WxNetwork;
    /// The last device-motion sample.
    wx_motion: WxMotion => WxMotion;
}

/// `navigator.userAgent`, parsed; `Malformed` for a string no browser sends.
pub(crate) fn user_agent(source: &dyn Source) -> Result<UserAgent, SourceError> {
    match ask(source, WebQuery::UserAgent)? {
        WebAnswer::UserAgent(ua) => parse_user_agent(&ua).map_err(|_| SourceError::Malformed),
        _ => Err(SourceError::Malformed),
    }
}
