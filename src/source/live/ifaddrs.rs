//! The interface address list through `if-addrs` (`getifaddrs`), for the Android and Apple
//! backends (Linux asks rtnetlink itself). Names, indexes, addresses and prefix lengths only: never MAC addresses.

use crate::source::{Answer, InterfaceAddr, SourceError};

pub(super) fn interfaces() -> Result<Answer, SourceError> {
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
