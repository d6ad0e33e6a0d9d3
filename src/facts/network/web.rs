//! The network of a web page: `navigator.connection` and `navigator.onLine`.
//!
//! | value | report |
//! |---|---|
//! | `type` `wifi` / `ethernet` / `cellular` / `none` | `connection_type` `wifi` / `wired` / `cell` / `unavailable` |
//! | `type` `bluetooth`, `wimax`, `other`, `mixed` | `unknown` |
//! | no `type` (desktop Chromium, Firefox, Safari) | omitted `unsupported`, or `unavailable` when offline |
//! | `effectiveType` `slow-2g`…`4g` | `effective_type` (the measured speed class, never `connection_subtype`) |
//! | `navigator.onLine` | `online` |
//!
//! A page cannot see the radio technology, a VPN, the address families or the IP address
//! (the server sees the address; no WebRTC tricks): all omitted `unsupported`.

use crate::facts::read::js;
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::report::{ConnectionType, EffectiveType, OmitReason};
use crate::source::{Connection, SourceError};

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    let wants = |f| ctx.wanted.contains(f);
    for f in [
        Field::NetworkIp,
        Field::NetworkConnectionSubtype,
        Field::NetworkVpn,
        Field::NetworkIpv4,
        Field::NetworkIpv6,
    ] {
        if wants(f) {
            facts.omit(f, OmitReason::Unsupported);
        }
    }
    let needs_online = wants(Field::NetworkOnline) || wants(Field::NetworkConnectionType);
    let online = if needs_online {
        js::online(ctx.source)
    } else {
        Err(SourceError::NotFound)
    };
    let needs_connection =
        wants(Field::NetworkConnectionType) || wants(Field::NetworkEffectiveType);
    let connection = if needs_connection {
        js::connection(ctx.source)
    } else {
        Err(SourceError::NotFound)
    };
    if wants(Field::NetworkOnline) {
        match &online {
            Ok(v) => facts.network.online = Some(*v),
            Err(e) => facts.omit(Field::NetworkOnline, e.omit_reason()),
        }
    }
    if wants(Field::NetworkConnectionType) {
        match connection_type(&connection, online.as_ref().ok().copied()) {
            Ok(t) => facts.network.connection_type = Some(t),
            Err(reason) => facts.omit(Field::NetworkConnectionType, reason),
        }
    }
    if wants(Field::NetworkEffectiveType) {
        let effective = match &connection {
            Ok(c) => match c.effective_type.as_deref() {
                Some(t) => t
                    .parse::<EffectiveType>()
                    .map_err(|_| OmitReason::Malformed),
                None => Err(OmitReason::Unsupported),
            },
            Err(e) => Err(e.omit_reason()),
        };
        match effective {
            Ok(t) => facts.network.effective_type = Some(t),
            Err(reason) => facts.omit(Field::NetworkEffectiveType, reason),
        }
    }
}

fn connection_type(
    connection: &Result<Connection, SourceError>,
    online: Option<bool>,
) -> Result<ConnectionType, OmitReason> {
    let kind = match connection {
        Ok(c) => c.kind.as_deref(),
        Err(SourceError::Unsupported) => None,
        Err(e) => return Err(e.omit_reason()),
    };
    match kind {
        Some("wifi") => Ok(ConnectionType::Wifi),
        Some("ethernet") => Ok(ConnectionType::Wired),
        Some("cellular") => Ok(ConnectionType::Cell),
        Some("none") => Ok(ConnectionType::Unavailable),
        Some("bluetooth" | "wimax" | "other" | "mixed") => Ok(ConnectionType::Unknown),
        Some("unknown") => Err(OmitReason::NotFound),
        Some(_) => Err(OmitReason::Malformed),
        // The browser says nothing of the link, but it knows when there is none.
        None if online == Some(false) => Ok(ConnectionType::Unavailable),
        None => Err(OmitReason::Unsupported),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_types() {
        let c = |k: Option<&str>| Ok(Connection::new(k, Some("4g")));
        assert_eq!(
            connection_type(&c(Some("wifi")), Some(true)),
            Ok(ConnectionType::Wifi)
        );
        assert_eq!(
            connection_type(&c(Some("ethernet")), None),
            Ok(ConnectionType::Wired)
        );
        assert_eq!(
            connection_type(&c(Some("cellular")), None),
            Ok(ConnectionType::Cell)
        );
        assert_eq!(
            connection_type(&c(Some("none")), None),
            Ok(ConnectionType::Unavailable)
        );
        assert_eq!(
            connection_type(&c(Some("mixed")), None),
            Ok(ConnectionType::Unknown)
        );
        assert_eq!(
            connection_type(&c(Some("unknown")), None),
            Err(OmitReason::NotFound)
        );
        assert_eq!(
            connection_type(&c(None), Some(true)),
            Err(OmitReason::Unsupported)
        );
        assert_eq!(
            connection_type(&c(None), Some(false)),
            Ok(ConnectionType::Unavailable)
        );
        let absent = Err(SourceError::Unsupported);
        assert_eq!(
            connection_type(&absent, Some(false)),
            Ok(ConnectionType::Unavailable)
        );
        assert_eq!(
            connection_type(&absent, Some(true)),
            Err(OmitReason::Unsupported)
        );
    }
}
