//! The Linux backend: `/proc`, `/sys` and `/etc` files, and `getifaddrs` through `if-addrs`.

use crate::report::Platform;
use crate::source::{Answer, ChangeFeed, InterfaceAddr, Query, SourceError};

use super::unix_fs;

pub(super) const PLATFORM: Platform = Platform::Linux;

pub(super) fn query(query: &Query) -> Result<Answer, SourceError> {
    match query {
        Query::File(p) => unix_fs::read_file(p),
        Query::Dir(p) => unix_fs::read_dir(p),
        Query::Link(p) => unix_fs::read_link(p),
        Query::Interfaces => interfaces(),
        Query::Property(_)
        | Query::Sysctl(_)
        | Query::Registry(..)
        | Query::WindowsVersion
        | Query::Adapters
        | Query::Display => Err(SourceError::Unsupported),
    }
}

fn interfaces() -> Result<Answer, SourceError> {
    let list = if_addrs::get_if_addrs().map_err(|e| SourceError::from_io(&e))?;
    let addrs = list
        .into_iter()
        .map(|i| {
            let prefix = match &i.addr {
                if_addrs::IfAddr::V4(a) => a.prefixlen,
                if_addrs::IfAddr::V6(a) => a.prefixlen,
            };
            let mut a = InterfaceAddr::new(i.name, i.addr.ip(), Some(prefix));
            a.index = i.index;
            a
        })
        .collect();
    Ok(Answer::Interfaces(addrs))
}

/// An rtnetlink socket on the link, address and route groups; `None` when it cannot be opened
/// (subscriptions then poll).
pub(super) fn network_changes() -> Option<Box<dyn ChangeFeed>> {
    let feed = super::netlink::Netlink::open().ok()?;
    Some(Box::new(feed))
}
