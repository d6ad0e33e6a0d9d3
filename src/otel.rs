//! OpenTelemetry mapping (feature `otel`): a report as semantic-convention attributes, and a
//! resource detector for `opentelemetry_sdk`.
//!
//! Keys follow the [OpenTelemetry semantic conventions **1.42.0**][semconv] ([`SEMCONV_VERSION`];
//! the resource carries [`SCHEMA_URL`]). The `device.*`, `os.*` and `network.connection.*`
//! attributes are defined there (stability: development). Where the conventions have no
//! attribute, the key is `devprobe.*`:
//!
//! | report field | attribute | example | where |
//! |---|---|---|---|
//! | `device.manufacturer` | `device.manufacturer` | `"LGE"` | resource |
//! | `device.brand` | `devprobe.device.brand`: the canonical consumer brand (semconv has only the raw manufacturer) | `"LG"` | resource |
//! | `device.model` | `device.model.name` | `"LG G8X ThinQ"` | resource |
//! | `device.model_identifier` | `device.model.identifier` (absent when the report has no code distinct from the model) | `"LM-G850"` | resource |
//! | `os.type` | `os.type` (absent for `other`, which semconv does not define) | `"linux"` | resource |
//! | `os.name`, `os.version`, `os.build_id` | `os.name`, `os.version`, `os.build_id` | `"Android"`, `"12"`, `"SKQ1.211230.001"` | resource |
//! | `os.sdk_level` | `android.os.api_level` (a string, as semconv defines it) | `"31"` | resource |
//! | `os.id` | `devprobe.os.id`: lower-case distribution or OS id | `"debian"` | resource |
//! | `os.display_version` | `devprobe.os.display_version`: the version as the OS shows it | `"23H2"` | resource |
//! | `os.kernel_version` | `devprobe.os.kernel_version`: the kernel release | `"6.1.0-18-amd64"` | resource |
//! | `network.connection_type` | `network.connection.type` | `"cell"` | span/log |
//! | `network.connection_subtype` | `network.connection.subtype` | `"lte"` | span/log |
//! | `network.vpn`, `.online`, `.ipv4`, `.ipv6` | `devprobe.network.vpn`, `devprobe.network.online`, `devprobe.network.ipv4`, `devprobe.network.ipv6` (booleans: semconv has no VPN or reachability attribute) | `false` | span/log |
//! | `network.ip.address`, precision `full` | `network.local.address` | `"192.168.1.77"` | span/log |
//! | `network.ip.address`, precision `truncated` | `devprobe.network.ip.prefix`: the /24 or /48 **network** the address is in, as CIDR. Never `network.local.address` or `host.ip`: it is not an address | `"192.168.1.0/24"` | span/log |
//! | `network.ip.precision` | `devprobe.network.ip.precision` | `"truncated"` | span/log |
//! | `network.ip.scope` | `devprobe.network.ip.scope` | `"private"` | span/log |
//! | `screen.orientation` | `devprobe.screen.orientation`: W3C Screen Orientation type, snake_case (semconv has no screen orientation) | `"portrait_primary"` | span/log |
//! | `screen.rotation_degrees` | `devprobe.screen.rotation_degrees` (integer) | `90` | span/log |
//! | `screen.source` | `devprobe.screen.source` | `"host"` | span/log |
//!
//! Device and OS facts do not change while the process runs, so they go on the
//! [`Resource`](opentelemetry_sdk::Resource) through [`DeviceDetector`]. Network and screen facts
//! change, so they belong on each span or log record: [`Report::otel_span_attributes`] (or
//! [`Change::otel_span_attributes`](crate::Change::otel_span_attributes) from a subscription).
//! A field the report omits gives no attribute: never an empty or `"unknown"` value.
//!
//! ```
//! # use std::sync::Arc;
//! # use devprobe::{Collector, Consent, Platform, Purpose, Snapshot};
//! # let consent = Consent::new();
//! # consent.grant([Purpose::Compatibility, Purpose::Connectivity]);
//! # let device = Snapshot::new(Platform::Linux).file("/etc/os-release", "NAME=Ubuntu\nVERSION_ID=22.04\n");
//! use devprobe::otel::{DeviceDetector, SCHEMA_URL};
//! use opentelemetry_sdk::Resource;
//!
//! let collector = Arc::new(Collector::builder(consent).source(device).build());
//! let resource = Resource::builder()
//!     .with_detector(Box::new(DeviceDetector::new(Arc::clone(&collector))))
//!     .with_schema_url([], SCHEMA_URL)
//!     .build();
//! // SdkTracerProvider::builder().with_resource(resource) ... and on each span:
//! let for_span = collector.collect()?.otel_span_attributes(); // span.set_attributes(for_span)
//! # assert_eq!(resource.get(&"os.name".into()).map(|v| v.to_string()).as_deref(), Some("Ubuntu"));
//! # let _ = for_span;
//! # Ok::<(), devprobe::Error>(())
//! ```
//!
//! [semconv]: https://github.com/open-telemetry/semantic-conventions/releases/tag/v1.42.0

use std::net::IpAddr;
use std::sync::Arc;

use opentelemetry::KeyValue;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::resource::ResourceDetector;

use crate::report::{Device, IpPrecision, Network, Os, OsType, Report, Screen};
use crate::{Change, Collector};

/// The semantic-conventions release the attribute keys follow, `"1.42.0"`.
pub const SEMCONV_VERSION: &str = "1.42.0";

/// The schema URL of [`SEMCONV_VERSION`], set on the resource [`DeviceDetector`] builds.
pub const SCHEMA_URL: &str = "https://opentelemetry.io/schemas/1.42.0";

impl Report {
    /// Every fact of the report as OpenTelemetry attributes: the resource attributes
    /// ([`otel_resource_attributes`](Self::otel_resource_attributes)) followed by the span ones
    /// ([`otel_span_attributes`](Self::otel_span_attributes)). Keys and values: the table of
    /// the [`otel`](crate::otel) module. Omitted fields give no attribute.
    ///
    /// ```
    /// # use devprobe::{Collector, Consent, Platform, Purpose, Snapshot};
    /// let device = Snapshot::new(Platform::Linux)
    ///     .file("/etc/os-release", "NAME=Ubuntu\nID=ubuntu\nVERSION_ID=22.04\n");
    /// let consent = Consent::new();
    /// consent.grant([Purpose::Compatibility]);
    /// let report = Collector::builder(consent).source(device).build().collect()?;
    /// let attributes = report.otel_attributes();
    /// assert!(attributes.iter().any(|kv| kv.key.as_str() == "os.version"
    ///     && kv.value.as_str() == "22.04"));
    /// # Ok::<(), devprobe::Error>(())
    /// ```
    pub fn otel_attributes(&self) -> Vec<KeyValue> {
        let mut out = self.otel_resource_attributes();
        out.extend(self.otel_span_attributes());
        out
    }

    /// The device and OS facts (`device.*`, `os.*`, `android.os.api_level`, `devprobe.device.*`,
    /// `devprobe.os.*`): what does not change while the process runs, for the resource.
    pub fn otel_resource_attributes(&self) -> Vec<KeyValue> {
        let mut out = Vec::new();
        device(&self.device, &mut out);
        os(&self.os, &mut out);
        out
    }

    /// The network and screen facts (`network.connection.*`, `network.local.address` for a
    /// full address only, `devprobe.network.*`, `devprobe.screen.*`): what changes, for each span
    /// or log record (`span.set_attributes(report.otel_span_attributes())`).
    pub fn otel_span_attributes(&self) -> Vec<KeyValue> {
        let mut out = Vec::new();
        network(&self.network, &mut out);
        screen(&self.screen, &mut out);
        out
    }
}

impl Change {
    /// The network and screen facts of this change, as
    /// [`Report::otel_span_attributes`] maps them: for the spans and log records that follow it.
    pub fn otel_span_attributes(&self) -> Vec<KeyValue> {
        let mut out = Vec::new();
        network(&self.network, &mut out);
        screen(&self.screen, &mut out);
        out
    }
}

fn put(out: &mut Vec<KeyValue>, key: &'static str, value: Option<&String>) {
    if let Some(v) = value {
        out.push(KeyValue::new(key, v.clone()));
    }
}

fn device(d: &Device, out: &mut Vec<KeyValue>) {
    put(out, "device.manufacturer", d.manufacturer.as_ref());
    put(out, "devprobe.device.brand", d.brand.as_ref());
    put(out, "device.model.name", d.model.as_ref());
    put(out, "device.model.identifier", d.model_identifier.as_ref());
}

fn os(o: &Os, out: &mut Vec<KeyValue>) {
    match o.os_type {
        Some(OsType::Other) | None => {}
        Some(t) => out.push(KeyValue::new("os.type", t.as_str())),
    }
    put(out, "os.name", o.name.as_ref());
    put(out, "os.version", o.version.as_ref());
    put(out, "os.build_id", o.build_id.as_ref());
    if let Some(level) = o.sdk_level {
        out.push(KeyValue::new("android.os.api_level", level.to_string()));
    }
    put(out, "devprobe.os.id", o.id.as_ref());
    put(
        out,
        "devprobe.os.display_version",
        o.display_version.as_ref(),
    );
    put(out, "devprobe.os.kernel_version", o.kernel_version.as_ref());
}

fn network(n: &Network, out: &mut Vec<KeyValue>) {
    if let Some(t) = n.connection_type {
        out.push(KeyValue::new("network.connection.type", t.as_str()));
    }
    if let Some(s) = n.connection_subtype {
        out.push(KeyValue::new("network.connection.subtype", s.as_str()));
    }
    let flags = [
        ("devprobe.network.vpn", n.vpn),
        ("devprobe.network.online", n.online),
        ("devprobe.network.ipv4", n.ipv4),
        ("devprobe.network.ipv6", n.ipv6),
    ];
    for (key, value) in flags {
        if let Some(v) = value {
            out.push(KeyValue::new(key, v));
        }
    }
    let Some(ip) = &n.ip else { return };
    match (ip.precision, ip.address) {
        (IpPrecision::Full, Some(a)) => {
            out.push(KeyValue::new("network.local.address", a.to_string()))
        }
        (IpPrecision::Truncated, Some(a)) => {
            // The minimized address stands for its whole network: say so with the prefix.
            let len = match a {
                IpAddr::V4(_) => 24,
                IpAddr::V6(_) => 48,
            };
            out.push(KeyValue::new(
                "devprobe.network.ip.prefix",
                format!("{a}/{len}"),
            ));
        }
        _ => {}
    }
    out.push(KeyValue::new(
        "devprobe.network.ip.precision",
        ip.precision.as_str(),
    ));
    out.push(KeyValue::new(
        "devprobe.network.ip.scope",
        ip.scope.as_str(),
    ));
}

fn screen(s: &Screen, out: &mut Vec<KeyValue>) {
    if let Some(o) = s.orientation {
        out.push(KeyValue::new("devprobe.screen.orientation", o.as_str()));
    }
    if let Some(d) = s.rotation_degrees {
        out.push(KeyValue::new(
            "devprobe.screen.rotation_degrees",
            i64::from(d),
        ));
    }
    if let Some(src) = s.source {
        out.push(KeyValue::new("devprobe.screen.source", src.as_str()));
    }
}

/// A [`ResourceDetector`] that puts the device and OS facts on the resource
/// ([`Report::otel_resource_attributes`], schema URL [`SCHEMA_URL`]).
///
/// Detection is a [`Collector::collect`]: it obeys consent like any other, so before a grant
/// covering `compatibility` (or after a withdrawal) it detects an empty resource and reads
/// nothing. Device and OS facts are read once per process and kept by the collector.
///
/// The resource it detects carries [`SCHEMA_URL`], but `opentelemetry_sdk` 0.33's
/// `ResourceBuilder::with_detector` keeps only a detector's attributes: a backend that reads
/// the schema URL needs `.with_schema_url([], devprobe::otel::SCHEMA_URL)` on the builder too.
///
/// ```
/// # use std::sync::Arc;
/// # use devprobe::{Collector, Consent, Platform, Purpose, Snapshot};
/// use devprobe::otel::DeviceDetector;
/// use opentelemetry_sdk::Resource;
///
/// # let device = Snapshot::new(Platform::Linux)
/// #     .file("/etc/os-release", "NAME=Ubuntu\nID=ubuntu\nVERSION_ID=22.04\n");
/// let consent = Consent::new();
/// consent.grant([Purpose::Compatibility]);
/// let collector = Arc::new(Collector::builder(consent).source(device).build());
/// let resource = Resource::builder()
///     .with_detector(Box::new(DeviceDetector::new(Arc::clone(&collector))))
///     .build();
/// assert_eq!(resource.get(&"os.name".into()).map(|v| v.to_string()).as_deref(), Some("Ubuntu"));
/// ```
#[derive(Debug, Clone)]
pub struct DeviceDetector {
    collector: Arc<Collector>,
}

impl DeviceDetector {
    /// A detector collecting through `collector` (shared with the rest of the app).
    pub fn new(collector: Arc<Collector>) -> DeviceDetector {
        DeviceDetector { collector }
    }
}

impl ResourceDetector for DeviceDetector {
    /// The device and OS attributes of a fresh collect; an empty resource when the collect
    /// fails (no consent).
    fn detect(&self) -> Resource {
        match self.collector.collect() {
            Ok(report) => Resource::builder_empty()
                .with_schema_url(report.otel_resource_attributes(), SCHEMA_URL)
                .build(),
            Err(_) => Resource::builder_empty().build(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(kvs: &[KeyValue]) -> Vec<(String, String)> {
        kvs.iter()
            .map(|kv| (kv.key.as_str().to_owned(), kv.value.to_string()))
            .collect()
    }

    fn report(json: &str) -> Report {
        serde_json::from_str(json).unwrap()
    }

    const HEAD: &str = r#""schema_version": 1, "catalog_version": 1,
        "collected_at": "2026-11-29T06:30:00Z", "purposes": []"#;

    #[test]
    fn android_phone_on_lte_maps_to_semconv_keys() {
        let r = report(&format!(
            r#"{{{HEAD}, "platform": "android",
            "device": {{"brand": "LG", "manufacturer": "LGE", "model": "LG G8X ThinQ",
                        "model_identifier": "LM-G850"}},
            "os": {{"type": "linux", "id": "android", "name": "Android", "version": "12",
                    "build_id": "SKQ1.211230.001", "sdk_level": 31}},
            "network": {{"connection_type": "cell", "connection_subtype": "lte", "vpn": false,
                         "online": true,
                         "ip": {{"address": "10.44.181.0", "precision": "truncated", "scope": "private"}}}},
            "screen": {{"orientation": "landscape_primary", "rotation_degrees": 90, "source": "host"}}}}"#
        ));
        let s = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(
            attrs(&r.otel_attributes()),
            vec![
                s("device.manufacturer", "LGE"),
                s("devprobe.device.brand", "LG"),
                s("device.model.name", "LG G8X ThinQ"),
                s("device.model.identifier", "LM-G850"),
                s("os.type", "linux"),
                s("os.name", "Android"),
                s("os.version", "12"),
                s("os.build_id", "SKQ1.211230.001"),
                s("android.os.api_level", "31"),
                s("devprobe.os.id", "android"),
                s("network.connection.type", "cell"),
                s("network.connection.subtype", "lte"),
                s("devprobe.network.vpn", "false"),
                s("devprobe.network.online", "true"),
                s("devprobe.network.ip.prefix", "10.44.181.0/24"),
                s("devprobe.network.ip.precision", "truncated"),
                s("devprobe.network.ip.scope", "private"),
                s("devprobe.screen.orientation", "landscape_primary"),
                s("devprobe.screen.rotation_degrees", "90"),
                s("devprobe.screen.source", "host"),
            ]
        );
    }

    #[test]
    fn truncated_address_is_never_an_address_attribute() {
        for ip in [r#""192.0.2.0""#, r#""2001:db8:1::""#] {
            let r = report(&format!(
                r#"{{{HEAD}, "platform": "linux", "network": {{"ip": {{"address": {ip},
                   "precision": "truncated", "scope": "public"}}}}}}"#
            ));
            let got = attrs(&r.otel_span_attributes());
            assert!(
                got.iter()
                    .all(|(k, _)| k != "network.local.address" && k != "host.ip")
            );
            let prefix = got.iter().find(|(k, _)| k == "devprobe.network.ip.prefix");
            let want = if ip.contains(':') {
                "2001:db8:1::/48"
            } else {
                "192.0.2.0/24"
            };
            assert_eq!(prefix.map(|(_, v)| v.as_str()), Some(want));
        }
    }

    #[test]
    fn full_address_is_the_local_address_and_omit_gives_none() {
        let full = report(&format!(
            r#"{{{HEAD}, "platform": "linux", "network": {{"ip": {{"address": "192.168.1.77",
               "precision": "full", "scope": "private"}}}}}}"#
        ));
        let got = attrs(&full.otel_span_attributes());
        assert!(got.contains(&("network.local.address".into(), "192.168.1.77".into())));
        assert!(got.iter().all(|(k, _)| k != "devprobe.network.ip.prefix"));
        let omit = report(&format!(
            r#"{{{HEAD}, "platform": "linux", "network": {{"ip": {{"precision": "omit",
               "scope": "private"}}}}}}"#
        ));
        let got = attrs(&omit.otel_span_attributes());
        assert_eq!(
            got,
            vec![
                ("devprobe.network.ip.precision".into(), "omit".into()),
                ("devprobe.network.ip.scope".into(), "private".into()),
            ]
        );
    }

    #[test]
    fn omitted_facts_give_no_attribute_and_other_os_type_none() {
        let r = report(&format!(
            r#"{{{HEAD}, "platform": "other", "os": {{"type": "other"}}}}"#
        ));
        assert!(r.otel_attributes().is_empty());
    }

    #[test]
    fn detector_without_consent_detects_nothing_and_reads_nothing() {
        let snapshot = crate::source::Snapshot::new(crate::Platform::Linux).file(
            "/etc/os-release",
            "NAME=Ubuntu\nID=ubuntu\nVERSION_ID=22.04\n",
        );
        let recording = Arc::new(crate::source::Recording::new(snapshot));
        let collector = Collector::builder(crate::Consent::new())
            .source(Arc::clone(&recording))
            .build();
        let resource = DeviceDetector::new(Arc::new(collector)).detect();
        assert!(resource.is_empty());
        assert!(recording.queries().is_empty());
    }
}
