//! Linux screen orientation, first source that has it wins:
//!
//! 1. what the host pushed (`source: "host"`);
//! 2. the iio accelerometer of the display (`/sys/bus/iio/devices/iio:deviceN/in_accel_*`),
//!    through iio-sensor-proxy's algorithm (`source: "accelerometer"`);
//! 3. the connected panel's preferred DRM mode (`/sys/class/drm/cardN-CONN/{status,modes}`),
//!    whose shape gives the orientation at rotation 0 (`source: "display"`);
//! 4. nothing: a headless machine omits both fields `unsupported`.
//!
//! An accelerometer that is present but gives bad values omits the fields `malformed`; it is not
//! replaced by the panel, which cannot know how the device is turned.

use super::host_screen;
use super::rotation::AccelOrientation;
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::host::NaturalOrientation;
use crate::parse::drm::{self, ConnectorStatus, Mode};
use crate::parse::iio::{self, MountMatrix};
use crate::report::{OmitReason, Orientation, OrientationSource};
use crate::source::Source;

const IIO_DEVICES: &str = "/sys/bus/iio/devices";
const DRM: &str = "/sys/class/drm";
const CHASSIS_TYPE: &str = "/sys/class/dmi/id/chassis_type";

/// SMBIOS chassis types of machines with a keyboard, whose natural orientation is landscape
/// whatever way their panel is mounted: portable, laptop, notebook, sub-notebook, convertible,
/// detachable.
const LANDSCAPE_CHASSIS: [u8; 6] = [8, 9, 10, 14, 31, 32];

/// Connector types of built-in panels, preferred over external monitors.
const INTERNAL_CONNECTORS: [&str; 4] = ["eDP-", "LVDS-", "DSI-", "DPI-"];

/// What one source gave for the two fields, or why each is missing.
struct Reading {
    orientation: Result<Orientation, OmitReason>,
    rotation: Result<u16, OmitReason>,
    source: OrientationSource,
}

impl Reading {
    fn none(source: OrientationSource, reason: OmitReason) -> Reading {
        Reading {
            orientation: Err(reason),
            rotation: Err(reason),
            source,
        }
    }
}

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    if host_screen(ctx, facts) {
        return;
    }
    let reading = match find_accelerometer(ctx.source) {
        Some((dir, entries)) => accelerometer(ctx, &dir, &entries),
        None => display(ctx.source),
    };
    let mut filled = false;
    if ctx.wanted.contains(Field::ScreenOrientation) {
        match reading.orientation {
            Ok(o) => (facts.screen.orientation, filled) = (Some(o), true),
            Err(r) => facts.omit(Field::ScreenOrientation, r),
        }
    }
    if ctx.wanted.contains(Field::ScreenRotationDegrees) {
        match reading.rotation {
            Ok(d) => (facts.screen.rotation_degrees, filled) = (Some(d), true),
            Err(r) => facts.omit(Field::ScreenRotationDegrees, r),
        }
    }
    if filled {
        facts.screen.source = Some(reading.source);
    }
}

/// The first iio device (by number) that can be polled for acceleration and is not the base of
/// a convertible (`label` `accel-base`, or `location` `base`): its sysfs directory and entries.
fn find_accelerometer(source: &dyn Source) -> Option<(String, Vec<String>)> {
    let names = source.dir(IIO_DEVICES).ok()?;
    // In (number, name) order, each inserted where it belongs (a handful of devices: no
    // sort's code).
    let mut devices: Vec<(u32, String)> = Vec::new();
    for n in names {
        let Some(number) = n.strip_prefix("iio:device").and_then(|d| d.parse().ok()) else {
            continue;
        };
        let device = (number, n);
        let at = devices.partition_point(|d| *d <= device);
        devices.insert(at, device);
    }
    devices.into_iter().find_map(|(_, name)| {
        let dir = format!("{IIO_DEVICES}/{name}");
        let entries = source.dir(&dir).ok()?;
        let has = |f: &str| entries.iter().any(|e| e == f);
        let says = |f: &str, v: &str| {
            has(f)
                && source
                    .text(&format!("{dir}/{f}"))
                    .is_ok_and(|t| t.trim() == v)
        };
        let usable =
            has("in_accel_x_raw") && !says("label", "accel-base") && !says("location", "base");
        usable.then_some((dir, entries))
    })
}

fn read<T, E>(
    source: &dyn Source,
    path: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<T, OmitReason> {
    let text = source.text(path).map_err(|e| e.omit_reason())?;
    parse(&text).map_err(|_| OmitReason::Malformed)
}

fn accelerometer(ctx: &Context<'_>, dir: &str, entries: &[String]) -> Reading {
    let source = OrientationSource::Accelerometer;
    let (accel, scale) = match read_accel(ctx.source, dir, entries) {
        Ok(v) => v,
        Err(reason) => return Reading::none(source, reason),
    };
    let natural = natural_orientation(ctx.source);
    let previous = match (&natural, ctx.previous_orientation) {
        (Ok(n), Some(p)) => AccelOrientation::from_rotation_degrees(n.rotation_of(p)),
        _ => None,
    };
    match AccelOrientation::from_accel(accel, scale, previous) {
        Some(up) => Reading {
            orientation: natural.map(|n| up.orientation(n)),
            rotation: Ok(up.rotation_degrees()),
            source,
        },
        // Flat or diagonal, and no earlier reading to keep.
        None => Reading::none(source, OmitReason::NotFound),
    }
}

/// The reading in device axes (mount matrix applied) and the per-axis scales.
fn read_accel(
    source: &dyn Source,
    dir: &str,
    entries: &[String],
) -> Result<([f64; 3], [f64; 3]), OmitReason> {
    let has = |f: &str| entries.iter().any(|e| e == f);
    let file = |f: &str| format!("{dir}/{f}");

    let mut raw = [0.0; 3];
    for (v, axis) in raw.iter_mut().zip(["x", "y", "z"]) {
        *v = f64::from(read(
            source,
            &file(&format!("in_accel_{axis}_raw")),
            iio::parse_raw,
        )?);
    }
    // No scale file at all: 1.0, as the reference does; a shared scale does not change the
    // angles, only how finely they are quantized.
    let shared = if has("in_accel_scale") {
        read(source, &file("in_accel_scale"), iio::parse_scale)?
    } else {
        1.0
    };
    let mut scale = [shared; 3];
    for (s, axis) in scale.iter_mut().zip(["x", "y", "z"]) {
        let name = format!("in_accel_{axis}_scale");
        if has(&name) {
            *s = read(source, &file(&name), iio::parse_scale)?;
        }
    }
    let matrix = match ["in_accel_mount_matrix", "mount_matrix"]
        .into_iter()
        .find(|f| has(f))
    {
        Some(f) => read(source, &file(f), iio::parse_mount_matrix)?,
        None => MountMatrix::IDENTITY,
    };
    let accel = matrix.apply(raw);
    let finite = accel
        .iter()
        .zip(scale)
        .all(|(a, s)| (a * s * 256.0).is_finite());
    if finite {
        Ok((accel, scale))
    } else {
        Err(OmitReason::Malformed)
    }
}

/// Landscape for a machine with a keyboard (DMI chassis type); else the shape of the panel's
/// preferred mode.
fn natural_orientation(source: &dyn Source) -> Result<NaturalOrientation, OmitReason> {
    let chassis = source
        .text(CHASSIS_TYPE)
        .ok()
        .and_then(|t| t.trim().parse::<u8>().ok());
    if chassis.is_some_and(|c| LANDSCAPE_CHASSIS.contains(&c)) {
        return Ok(NaturalOrientation::Landscape);
    }
    let mode = panel_mode(source)?;
    NaturalOrientation::of_size(mode.width, mode.height).ok_or(OmitReason::Malformed)
}

fn display(source: &dyn Source) -> Reading {
    let origin = OrientationSource::Display;
    let mode = match panel_mode(source) {
        Ok(m) => m,
        Err(reason) => return Reading::none(origin, reason),
    };
    match NaturalOrientation::of_size(mode.width, mode.height) {
        Some(n) => Reading {
            orientation: Ok(n.orientation_at(0)),
            rotation: Ok(0),
            source: origin,
        },
        None => Reading::none(origin, OmitReason::Malformed),
    }
}

/// The preferred mode of the first connected built-in panel, else of the first connected
/// monitor. No DRM device or nothing connected: `unsupported` (headless).
fn panel_mode(source: &dyn Source) -> Result<Mode, OmitReason> {
    let names = source.dir(DRM).map_err(|_| OmitReason::Unsupported)?;
    let candidates = names.iter().filter_map(|n| {
        let (card, conn) = n.split_once('-')?;
        let is_card = card
            .strip_prefix("card")?
            .bytes()
            .all(|b| b.is_ascii_digit());
        let internal = INTERNAL_CONNECTORS.iter().any(|p| conn.starts_with(p));
        (is_card && !conn.is_empty()).then_some((!internal, n.as_str()))
    });
    // Internal panels first, then by name: each inserted where it belongs (a handful of
    // connectors: no sort's code).
    let mut connectors: Vec<(bool, &str)> = Vec::new();
    for c in candidates {
        let at = connectors.partition_point(|d| *d <= c);
        connectors.insert(at, c);
    }
    let connected = connectors.into_iter().find(|(_, n)| {
        read(source, &format!("{DRM}/{n}/status"), drm::parse_status)
            == Ok(ConnectorStatus::Connected)
    });
    let Some((_, name)) = connected else {
        return Err(OmitReason::Unsupported);
    };
    read(
        source,
        &format!("{DRM}/{name}/modes"),
        drm::parse_preferred_mode,
    )?
    .ok_or(OmitReason::NotFound)
}
