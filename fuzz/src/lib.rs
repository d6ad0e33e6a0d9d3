//! Helpers for the fuzz targets: input decoding as the sources do it, and an arbitrary device
//! for `snapshot_collect`, built from the paths and names the probes really ask for.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use devprobe::source::{
    AdapterAddress, AdapterInfo, DisplayInfo, FILE_LIMIT, InterfaceAddr, RegValue, WindowsVersion,
    read_limit,
};
use devprobe::{
    ConnectionSubtype, ConnectionType, HostNetwork, HostOrientation, IpPrecision, Orientation,
    Platform,
};

#[path = "../../tests/it/hardening_support.rs"]
pub mod hostile;

use hostile::{HostileDevice, Node, PLATFORMS, Probed};

/// Bytes decoded as `Source::text` does: invalid UTF-8 replaced, a BOM dropped.
pub fn text(data: &[u8]) -> String {
    let t = String::from_utf8_lossy(data);
    t.strip_prefix('\u{feff}').unwrap_or(&t).to_owned()
}

/// The repository's root (the fuzz crate sits in `fuzz/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What the probes of each platform ask for, found once per process by recording collects over
/// every fixture and corpus case.
pub fn probed(platform: Platform) -> &'static Probed {
    static ALL: OnceLock<Vec<(Platform, Probed)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let fixtures = hostile::fixtures(&repo_root());
        let all: Vec<(Platform, Probed)> = PLATFORMS
            .iter()
            .map(|p| (*p, hostile::probed(*p, &fixtures)))
            .collect();
        for (p, probed) in &all {
            eprintln!(
                "snapshot_collect: {p}: {} files, {} dirs, {} properties, {} sysctls, {} registry values (from {} fixtures)",
                probed.files.len(),
                probed.dirs.len(),
                probed.properties.len(),
                probed.sysctls.len(),
                probed.registry.len(),
                fixtures.len()
            );
        }
        all
    });
    static EMPTY: OnceLock<Probed> = OnceLock::new();
    all.iter()
        .find(|(p, _)| *p == platform)
        .map(|(_, probed)| probed)
        .unwrap_or_else(|| EMPTY.get_or_init(Probed::default))
}

/// This machine's host name, read once.
pub fn hostname() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(hostile::this_hostname)
}

fn pick<'a>(u: &mut Unstructured<'_>, from: &'a [String]) -> Result<Option<&'a String>> {
    if from.is_empty() {
        return Ok(None);
    }
    Ok(from.get(u.choose_index(from.len())?))
}

/// A path: mostly one the probes read, sometimes a new name in a directory they list.
fn path(u: &mut Unstructured<'_>, probed: &Probed) -> Result<String> {
    Ok(match u.int_in_range(0..=7u8)? {
        0..=4 => match pick(u, &probed.files)? {
            Some(p) => p.clone(),
            None => format!("/{}", u.arbitrary::<String>()?),
        },
        5 | 6 => {
            let dir = pick(u, &probed.dirs)?.cloned().unwrap_or_default();
            format!("{dir}/{}", u.arbitrary::<String>()?)
        }
        _ => u.arbitrary::<String>()?,
    })
}

/// File contents: arbitrary bytes, or a file right at, just over, or far past the read cap.
fn contents(u: &mut Unstructured<'_>, path: &str) -> Result<Vec<u8>> {
    // Exhausted input reads as zeros: keep zero the cheap choice. A large file is rare, and
    // never one the parsers must read through at 16 MiB (a route table right at its cap takes
    // about a second in an instrumented build): over a cap it is refused unread.
    let size = u.arbitrary::<u8>()?;
    if size >= 0xfc {
        let limit = read_limit(path);
        let len = match size {
            0xfc if limit == FILE_LIMIT => limit,
            0xfc | 0xfd => limit.saturating_add(1),
            _ => FILE_LIMIT * 4,
        };
        let chunk: Vec<u8> = u.arbitrary()?;
        let chunk = if chunk.is_empty() { vec![b'A'] } else { chunk };
        // `repeat` copies with memcpy; a byte loop here would dominate every run.
        let mut big = chunk.repeat(len / chunk.len() + 1);
        big.truncate(len);
        return Ok(big);
    }
    u.arbitrary()
}

fn reg_value(u: &mut Unstructured<'_>) -> Result<RegValue> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 => RegValue::Dword(u.arbitrary()?),
        1 => RegValue::Qword(u.arbitrary()?),
        2 => RegValue::MultiSz(u.arbitrary()?),
        3 => RegValue::Binary(u.arbitrary()?),
        _ => RegValue::Sz(u.arbitrary()?),
    })
}

fn pick_of<T: Copy>(u: &mut Unstructured<'_>, all: &[T]) -> Result<Option<T>> {
    if all.is_empty() {
        return Ok(None);
    }
    Ok(all.get(u.choose_index(all.len())?).copied())
}

fn ip(u: &mut Unstructured<'_>) -> Result<std::net::IpAddr> {
    Ok(if u.arbitrary()? {
        std::net::IpAddr::V4(u32::into(u.arbitrary::<u32>()?))
    } else {
        std::net::IpAddr::V6(u128::into(u.arbitrary::<u128>()?))
    })
}

/// A device of any platform that says anything at the places the probes read.
pub fn device(u: &mut Unstructured<'_>) -> Result<HostileDevice> {
    let platform = *u.choose(&PLATFORMS)?;
    let probed = probed(platform);
    let mut d = HostileDevice::new(platform);
    d.ip_precision = pick_of(u, IpPrecision::ALL)?.unwrap_or_default();
    let count = u.int_in_range(0..=32u8)?;
    for _ in 0..count {
        let p = path(u, probed)?;
        let node = match u.int_in_range(0..=9u8)? {
            0..=6 => {
                let bytes = contents(u, &p)?;
                Node::File(p, bytes)
            }
            7 => Node::Dir(p),
            _ => {
                let target = match u.int_in_range(0..=2u8)? {
                    0 => path(u, probed)?,
                    1 => p.clone(),
                    _ => u.arbitrary()?,
                };
                Node::Link(p, target)
            }
        };
        d.nodes.push(node);
    }
    if platform == Platform::Android && u.arbitrary()? {
        let mut props = Vec::new();
        for _ in 0..u.int_in_range(0..=24u8)? {
            let name = match pick(u, &probed.properties)? {
                Some(n) if u.ratio(7u8, 8)? => n.clone(),
                _ => u.arbitrary()?,
            };
            props.push((name, u.arbitrary()?));
        }
        d.properties = Some(props);
    }
    if matches!(platform, Platform::MacOs | Platform::Ios) {
        for _ in 0..u.int_in_range(0..=12u8)? {
            let name = match pick(u, &probed.sysctls)? {
                Some(n) if u.ratio(7u8, 8)? => n.clone(),
                _ => u.arbitrary()?,
            };
            d.sysctls.push((name, u.arbitrary()?));
        }
    }
    if platform == Platform::Windows {
        let keys: Vec<String> = probed
            .registry
            .iter()
            .map(|(k, v)| format!("{k}\n{v}"))
            .collect();
        for _ in 0..u.int_in_range(0..=12u8)? {
            let (k, v) = match pick(u, &keys)? {
                Some(kv) => kv.split_once('\n').map(|(k, v)| (k.into(), v.into())),
                None => None,
            }
            .unwrap_or_default();
            d.registry.push((k, v, reg_value(u)?));
        }
        if u.arbitrary()? {
            let mut list = Vec::new();
            for _ in 0..u.int_in_range(0..=4u8)? {
                let name: String = match u.int_in_range(0..=2u8)? {
                    0 => "wireless_32768".into(),
                    1 => "ethernet_32769".into(),
                    _ => u.arbitrary()?,
                };
                let if_type = match u.int_in_range(0..=6u8)? {
                    0 => 71,
                    1 => 6,
                    2 => 243,
                    3 => 131,
                    4 => 24,
                    5 => 53,
                    _ => u.arbitrary()?,
                };
                let mut a = AdapterInfo::new(name, if_type, u.arbitrary()?);
                for _ in 0..u.int_in_range(0..=3u8)? {
                    a.addresses
                        .push(AdapterAddress::new(ip(u)?, u.arbitrary()?));
                }
                a.ipv4_metric = u.arbitrary()?;
                a.ipv6_metric = u.arbitrary()?;
                a.ipv4_gateway = u.arbitrary()?;
                a.ipv6_gateway = u.arbitrary()?;
                list.push(a);
            }
            d.adapters = Some(list);
        }
        if u.arbitrary()? {
            d.windows_version = Some(WindowsVersion::new(
                u.arbitrary()?,
                u.arbitrary()?,
                u.arbitrary()?,
                u.arbitrary()?,
            ));
        }
    }
    if u.arbitrary()? {
        let mut list = Vec::new();
        for _ in 0..u.int_in_range(0..=6u8)? {
            let name: String = match u.int_in_range(0..=3u8)? {
                0 => "eth0".into(),
                1 => "wlan0".into(),
                2 => "tun0".into(),
                _ => u.arbitrary()?,
            };
            let mut a = InterfaceAddr::new(name, ip(u)?, u.arbitrary()?);
            a.index = u.arbitrary()?;
            list.push(a);
        }
        d.interfaces = Some(list);
    }
    if u.arbitrary()? {
        d.display = Some(DisplayInfo::new(
            u.arbitrary()?,
            u.arbitrary()?,
            u.arbitrary()?,
        ));
    }
    if u.arbitrary()?
        && let Some(o) = pick_of(u, Orientation::ALL)?
    {
        // Straight into the field, as a host.json or a host app that sets it could: `new`'s
        // check is bypassed on purpose.
        let mut pushed =
            HostOrientation::new(o, None).map_err(|_| arbitrary::Error::IncorrectFormat)?;
        pushed.rotation_degrees = u.arbitrary()?;
        d.host.orientation = Some(pushed);
    }
    if u.arbitrary()? {
        let mut n = HostNetwork::default();
        n.connection_type =
            pick_of(u, ConnectionType::ALL)?.filter(|_| u.ratio(3u8, 4).unwrap_or(false));
        n.connection_subtype = pick_of(u, ConnectionSubtype::ALL)?;
        n.vpn = u.arbitrary()?;
        n.online = u.arbitrary()?;
        d.host.network = Some(n);
    }
    Ok(d)
}
