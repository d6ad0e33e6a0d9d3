//! The Linux backend: `/proc`, `/sys` and `/etc` files ([`unix_fs`](super::unix_fs)), and the
//! interface addresses, routing tables and rules through rtnetlink dumps
//! ([`netlink_dump`](super::netlink_dump)).

use crate::platform::Platform;
use crate::source::{Answer, ChangeFeed, Query, SourceError};

use super::unix_fs;

pub(super) const PLATFORM: Platform = Platform::Linux;

pub(super) fn query(query: &Query) -> Result<Answer, SourceError> {
    match query {
        Query::File(_) | Query::Dir(_) | Query::Link(_) => unix_fs::query(query),
        Query::Interfaces => super::netlink_dump::interfaces(),
        Query::Routes => super::netlink_dump::routes(),
        Query::Rules => super::netlink_dump::rules(),
        Query::Property(_)
        | Query::Sysctl(_)
        | Query::Registry(..)
        | Query::WindowsVersion
        | Query::Adapters
        | Query::Display
        | Query::Web(_) => Err(SourceError::Unsupported),
    }
}

/// An rtnetlink socket on the link, address and route groups; `None` when it cannot be opened
/// (subscriptions then poll).
pub(super) fn network_changes() -> Option<Box<dyn ChangeFeed>> {
    let feed = super::netlink::Netlink::open().ok()?;
    Some(Box::new(feed))
}
