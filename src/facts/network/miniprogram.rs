//! The network of a WeChat mini-program: `wx.getNetworkType()` and the last
//! `wx.onNetworkStatusChange`.
//!
//! | `networkType` | `connection_type` | `connection_subtype` |
//! |---|---|---|
//! | `wifi` | `wifi` | — |
//! | `5g` | `cell` | `nr` |
//! | `4g` | `cell` | `lte` |
//! | `3g`, `2g` | `cell` | omitted `not_found` (a generation, not a technology) |
//! | `unknown` (Android: an uncommon link) | `unknown` | — |
//! | `none` | `unavailable` | — |
//!
//! `online` is `isConnected` where a change event gave it, else whether the type is not `none`.
//! `weakNet` has no report field. VPN, address families, the IP address and the browser's
//! speed class are omitted `unsupported`.

use crate::facts::read::js;
use crate::facts::{Context, Facts};
use crate::field::{Field, Group};
use crate::report::{ConnectionSubtype, ConnectionType, OmitReason};
use crate::source::WxNetwork;

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    let wants = |f| ctx.wanted.contains(f);
    for f in [
        Field::NetworkIp,
        Field::NetworkEffectiveType,
        Field::NetworkVpn,
        Field::NetworkIpv4,
        Field::NetworkIpv6,
    ] {
        if wants(f) {
            facts.omit(f, OmitReason::Unsupported);
        }
    }
    let network = match js::wx_network(ctx.source) {
        Ok(n) => n,
        Err(e) => {
            facts.omit_err(ctx.wanted.intersection(Group::Network.fields()), &e);
            return;
        }
    };
    let (kind, subtype, online) = decide(&network);
    if wants(Field::NetworkConnectionType) {
        match kind {
            Ok(t) => facts.network.connection_type = Some(t),
            Err(r) => facts.omit(Field::NetworkConnectionType, r),
        }
    }
    if wants(Field::NetworkConnectionSubtype) {
        match subtype {
            Ok(t) => facts.network.connection_subtype = Some(t),
            Err(r) => facts.omit(Field::NetworkConnectionSubtype, r),
        }
    }
    if wants(Field::NetworkOnline) {
        match online {
            Some(v) => facts.network.online = Some(v),
            None => facts.omit(Field::NetworkOnline, OmitReason::NotFound),
        }
    }
}

type Decided = (
    Result<ConnectionType, OmitReason>,
    Result<ConnectionSubtype, OmitReason>,
    Option<bool>,
);

fn decide(n: &WxNetwork) -> Decided {
    use ConnectionType as T;
    let cell = |sub: Result<ConnectionSubtype, OmitReason>| (Ok(T::Cell), sub);
    let none = Err(OmitReason::NotFound);
    let (kind, subtype) = match n.network_type.as_deref().map(str::trim) {
        Some("wifi") => (Ok(T::Wifi), none),
        Some("5g") => cell(Ok(ConnectionSubtype::Nr)),
        Some("4g") => cell(Ok(ConnectionSubtype::Lte)),
        Some("3g" | "2g") => cell(none),
        Some("unknown") => (Ok(T::Unknown), none),
        Some("none") => (Ok(T::Unavailable), none),
        Some(_) => (Err(OmitReason::Malformed), Err(OmitReason::Malformed)),
        None => (Err(OmitReason::NotFound), none),
    };
    let online = n
        .is_connected
        .or_else(|| kind.as_ref().ok().map(|k| *k != T::Unavailable));
    (kind, subtype, online)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_types() {
        let d = |t: &str, c: Option<bool>| decide(&WxNetwork::new(Some(t), c, None));
        assert_eq!(
            d("5g", None),
            (
                Ok(ConnectionType::Cell),
                Ok(ConnectionSubtype::Nr),
                Some(true)
            )
        );
        assert_eq!(
            d("4g", None),
            (
                Ok(ConnectionType::Cell),
                Ok(ConnectionSubtype::Lte),
                Some(true)
            )
        );
        assert_eq!(
            d("3g", None),
            (
                Ok(ConnectionType::Cell),
                Err(OmitReason::NotFound),
                Some(true)
            )
        );
        assert_eq!(
            d("none", None),
            (
                Ok(ConnectionType::Unavailable),
                Err(OmitReason::NotFound),
                Some(false)
            )
        );
        assert_eq!(d("wifi", Some(false)).2, Some(false));
        assert_eq!(d("6g", None).0, Err(OmitReason::Malformed));
    }
}
