//! Typed values for Java: a report or a change crosses as a `String[]` of a fixed layout
//! (the JSON, then one slot per fact, null when absent, then a tail), which Java's `Values`
//! reads by the same indices. Each slot is produced from the typed field here, so Java never
//! parses JSON to answer `report.model()`.

use devprobe::{Change, Network, Report, Screen};
use jni::Env;
use jni::objects::{IntoAuto as _, JObjectArray, JString};

use crate::error::Result;

/// The slots after the JSON, in order; `bindings/java/.../Values.java` has the same list.
const SLOTS: usize = 18;

fn network_slots(n: &Network) -> [Option<String>; 7] {
    let ip = n.ip.as_ref();
    [
        ip.and_then(|i| i.address).map(|a| a.to_string()),
        ip.map(|i| i.scope.as_str().to_owned()),
        ip.map(|i| i.precision.as_str().to_owned()),
        n.connection_type.map(|t| t.as_str().to_owned()),
        n.connection_subtype.map(|t| t.as_str().to_owned()),
        n.vpn.map(|b| b.to_string()),
        n.online.map(|b| b.to_string()),
    ]
}

fn screen_slots(s: &Screen) -> [Option<String>; 2] {
    [
        s.orientation.map(|o| o.as_str().to_owned()),
        s.rotation_degrees.map(|d| d.to_string()),
    ]
}

/// Slot order: brand, manufacturer, model, model identifier, OS type, name, version, build id,
/// ip address, ip scope, ip precision, connection type, subtype, vpn, online, orientation,
/// rotation degrees, Android API level.
fn slots(
    report_device: Option<&Report>,
    network: &Network,
    screen: &Screen,
) -> Vec<Option<String>> {
    let mut out = Vec::with_capacity(SLOTS);
    match report_device {
        Some(r) => {
            let (d, o) = (&r.device, &r.os);
            out.extend([
                d.brand.clone(),
                d.manufacturer.clone(),
                d.model.clone(),
                d.model_identifier.clone(),
                o.os_type.map(|t| t.as_str().to_owned()),
                o.name.clone(),
                o.version.clone(),
                o.build_id.clone(),
            ]);
        }
        None => out.extend(std::iter::repeat_n(None, 8)),
    }
    out.extend(network_slots(network));
    out.extend(screen_slots(screen));
    out.push(
        report_device
            .and_then(|r| r.os.sdk_level)
            .map(|l| l.to_string()),
    );
    out
}

fn to_java<'l>(
    env: &mut Env<'l>,
    items: Vec<Option<String>>,
) -> Result<JObjectArray<'l, JString<'l>>> {
    let array = JObjectArray::<JString>::new(env, items.len(), JString::null())?;
    for (i, item) in items.into_iter().enumerate() {
        if let Some(text) = item {
            // Freed at once: a report has more slots than a native frame's 16 guaranteed refs.
            let s = JString::from_str(env, text)?.auto();
            array.set_element(env, i, &*s)?;
        }
    }
    Ok(array)
}

/// `[json, slots..., omitted field, reason, omitted field, reason, ...]`.
pub(crate) fn report<'l>(env: &mut Env<'l>, r: &Report) -> Result<JObjectArray<'l, JString<'l>>> {
    let json = r
        .to_json()
        .map_err(|e| crate::error::Failure::Invalid(e.to_string()))?;
    let mut items = vec![Some(json)];
    items.extend(slots(Some(r), &r.network, &r.screen));
    for o in &r.omitted {
        items.push(Some(o.field.as_str().to_owned()));
        items.push(Some(o.reason.as_str().to_owned()));
    }
    to_java(env, items)
}

/// `[json, slots... (device and OS null), changed field, changed field, ...]`.
pub(crate) fn change<'l>(env: &mut Env<'l>, c: &Change) -> Result<JObjectArray<'l, JString<'l>>> {
    let json =
        serde_json::to_string(c).map_err(|e| crate::error::Failure::Invalid(e.to_string()))?;
    let mut items = vec![Some(json)];
    items.extend(slots(None, &c.network, &c.screen));
    items.extend(c.changed.iter().map(|f| Some(f.as_str().to_owned())));
    to_java(env, items)
}
