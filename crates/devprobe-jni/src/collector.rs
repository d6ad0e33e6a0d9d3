//! `dev.devprobe.Collector`'s native methods: build, collect, host pushes, explain.

use std::time::Duration;

use devprobe::source::Snapshot;
use devprobe::{
    Collector, ConnectionSubtype, ConnectionType, Consent, HostNetwork, HostOrientation,
    IpPrecision, Lang, NaturalOrientation, Report,
};
use jni::EnvUnowned;
use jni::jni_mangle;
use jni::objects::{JClass, JObjectArray, JString};
use jni::sys::{jint, jlong};

use crate::consent::CONSENTS;
use crate::error::{Failure, Result, Throw, optional, required};
use crate::registry::Registry;

pub(crate) static COLLECTORS: Registry<Collector> = Registry::new("collector");

fn invalid(what: impl std::fmt::Display) -> Failure {
    Failure::Invalid(what.to_string())
}

fn millis(value: jlong, what: &str) -> Result<Option<Duration>> {
    match value {
        v if v < 0 => Ok(None),
        v => u64::try_from(v)
            .map(|ms| Some(Duration::from_millis(ms)))
            .map_err(|_| invalid(format!("{what} {v} ms is out of range"))),
    }
}

/// A tri-state Java boolean: -1 unknown, 0 false, 1 true.
fn tri(value: jint, what: &str) -> Result<Option<bool>> {
    match value {
        -1 => Ok(None),
        0 => Ok(Some(false)),
        1 => Ok(Some(true)),
        v => Err(invalid(format!("{what} {v} is not -1, 0 or 1"))),
    }
}

/// Builds a collector over `consent_id`. `ip_precision`: `"omit"`, `"truncated"`, `"full"` or
/// null (default truncated); `deadline_ms`, `min_refresh_ms`: negative for the default;
/// `snapshot_dir`: a snapshot folder to read instead of the live device, or null.
#[jni_mangle("dev.devprobe.Native")]
pub fn collector_new<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    consent_id: jlong,
    ip_precision: JString<'l>,
    deadline_ms: jlong,
    min_refresh_ms: jlong,
    snapshot_dir: JString<'l>,
) -> jlong {
    env.with_env(|env| -> Result<jlong> {
        let consent = CONSENTS.get(consent_id)?;
        let mut builder = Collector::builder(Consent::clone(&consent));
        if let Some(p) = optional(env, &ip_precision)? {
            builder = builder.ip_precision(p.parse::<IpPrecision>().map_err(invalid)?);
        }
        if let Some(d) = millis(deadline_ms, "deadline")? {
            builder = builder.deadline(d);
        }
        if let Some(r) = millis(min_refresh_ms, "min_refresh")? {
            builder = builder.min_refresh(r);
        }
        if let Some(dir) = optional(env, &snapshot_dir)? {
            builder = builder.source(Snapshot::from_dir(dir)?);
        }
        Ok(COLLECTORS.insert(builder.build()))
    })
    .resolve::<Throw>()
}

#[jni_mangle("dev.devprobe.Native")]
pub fn collector_free<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>, id: jlong) {
    env.with_env(|_| -> Result<()> {
        COLLECTORS.remove(id);
        Ok(())
    })
    .resolve::<Throw>()
}

/// Collects a report: the typed values of `values::report`.
#[jni_mangle("dev.devprobe.Native")]
pub fn collector_collect<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    id: jlong,
) -> JObjectArray<'l, JString<'l>> {
    env.with_env(|env| -> Result<JObjectArray<'l, JString<'l>>> {
        let report = COLLECTORS.get(id)?.collect()?;
        crate::values::report(env, &report)
    })
    .resolve::<Throw>()
}

/// Pushes Android's `Display.getRotation()` (0..3) and the natural shape.
#[jni_mangle("dev.devprobe.Native")]
pub fn collector_set_android_orientation<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    id: jlong,
    rotation: jint,
    natural_landscape: bool,
) {
    env.with_env(|_| -> Result<()> {
        let collector = COLLECTORS.get(id)?;
        let natural = if natural_landscape {
            NaturalOrientation::Landscape
        } else {
            NaturalOrientation::Portrait
        };
        let pushed = HostOrientation::from_android_rotation(rotation, natural).map_err(invalid)?;
        collector.set_orientation(pushed);
        Ok(())
    })
    .resolve::<Throw>()
}

/// Pushes a W3C orientation type (`"landscape-primary"` or `"landscape_primary"`) and angle
/// (negative: unknown).
#[jni_mangle("dev.devprobe.Native")]
pub fn collector_set_orientation<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    id: jlong,
    orientation_type: JString<'l>,
    angle: jint,
) {
    env.with_env(|env| -> Result<()> {
        let collector = COLLECTORS.get(id)?;
        let kind = required(env, &orientation_type, "orientation type")?;
        let angle = match angle {
            a if a < 0 => None,
            a => Some(u16::try_from(a).map_err(|_| invalid(format!("angle {a} is out of range")))?),
        };
        collector.set_orientation(HostOrientation::from_w3c(&kind, angle).map_err(invalid)?);
        Ok(())
    })
    .resolve::<Throw>()
}

/// Pushes the network facts: connection type and subtype as OpenTelemetry values (null:
/// unknown), `vpn` and `online` as -1 (unknown), 0, 1.
#[jni_mangle("dev.devprobe.Native")]
pub fn collector_set_network<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    id: jlong,
    connection_type: JString<'l>,
    connection_subtype: JString<'l>,
    vpn: jint,
    online: jint,
) {
    env.with_env(|env| -> Result<()> {
        let collector = COLLECTORS.get(id)?;
        let mut network = HostNetwork::default();
        if let Some(t) = optional(env, &connection_type)? {
            network.connection_type = Some(t.parse::<ConnectionType>().map_err(invalid)?);
        }
        if let Some(s) = optional(env, &connection_subtype)? {
            network.connection_subtype = Some(s.parse::<ConnectionSubtype>().map_err(invalid)?);
        }
        network.vpn = tri(vpn, "vpn")?;
        network.online = tri(online, "online")?;
        collector.set_network(network);
        Ok(())
    })
    .resolve::<Throw>()
}

/// The report (its JSON) explained for people in `lang` (`"zh-CN"`, `"en"`, ...).
#[jni_mangle("dev.devprobe.Native")]
pub fn report_explain<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    report_json: JString<'l>,
    lang: JString<'l>,
) -> JString<'l> {
    env.with_env(|env| -> Result<JString<'l>> {
        let text = required(env, &report_json, "report JSON")?;
        let lang: Lang = required(env, &lang, "language")?.parse().map_err(invalid)?;
        let report: Report =
            serde_json::from_str(&text).map_err(|e| invalid(format!("not a report: {e}")))?;
        Ok(JString::from_str(env, report.explain(lang))?)
    })
    .resolve::<Throw>()
}
