//! A span exported through the OpenTelemetry SDK after devprobe's resource detection carries the
//! device and OS attributes on its resource and the network and screen attributes on itself,
//! with the exact values of a snapshot device (an LG G8X ThinQ on Android 12, on LTE).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a failure is a finding

use std::sync::{Arc, Mutex};

use devprobe::otel::{DeviceDetector, SCHEMA_URL};
use devprobe::source::{InterfaceAddr, Snapshot};
use devprobe::{
    Collector, ConnectionSubtype, ConnectionType, Consent, HostFacts, HostNetwork, HostOrientation,
    Orientation, Platform, Purpose,
};
use opentelemetry::trace::{Span, Tracer, TracerProvider};
use opentelemetry::{Key, KeyValue, Value};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::resource::ResourceDetector;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData, SpanExporter};

/// The SDK's in-memory exporter, keeping the resource the provider hands it (the in-memory
/// exporter stores it but does not show it).
#[derive(Debug, Clone, Default)]
struct Capture {
    spans: InMemorySpanExporter,
    resource: Arc<Mutex<Option<Resource>>>,
}

impl SpanExporter for Capture {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        self.spans.export(batch).await
    }

    fn set_resource(&mut self, resource: &Resource) {
        *self.resource.lock().unwrap() = Some(resource.clone());
        self.spans.set_resource(resource);
    }
}

fn lg_g8x_on_lte() -> Snapshot {
    let mut network = HostNetwork::default();
    network.connection_type = Some(ConnectionType::Cell);
    network.connection_subtype = Some(ConnectionSubtype::Lte);
    network.vpn = Some(false);
    network.online = Some(true);
    let mut host = HostFacts::default();
    host.network = Some(network);
    host.orientation = Some(HostOrientation::new(Orientation::LandscapePrimary, Some(90)).unwrap());
    let mut modem = InterfaceAddr::new("rmnet_data0", "10.44.181.90".parse().unwrap(), Some(8));
    modem.index = Some(20);
    Snapshot::new(Platform::Android)
        .property("ro.product.brand", "lge")
        .property("ro.product.manufacturer", "LGE")
        .property("ro.product.model", "LM-G850")
        .property("ro.product.marketname", "LG G8X ThinQ")
        .property("ro.build.version.release", "12")
        .property("ro.build.version.sdk", "31")
        .property("ro.build.id", "SKQ1.211230.001")
        .file(
            "/proc/net/route",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
             rmnet_data0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n",
        )
        .interfaces(vec![modem])
        .host(host)
}

fn attr(attributes: &[KeyValue], key: &str) -> Option<String> {
    attributes
        .iter()
        .find(|kv| kv.key.as_str() == key)
        .map(|kv| kv.value.to_string())
}

#[test]
fn span_exported_after_detection_carries_device_os_network_and_screen() {
    let consent = Consent::new();
    consent.grant([
        Purpose::Compatibility,
        Purpose::ServerSelection,
        Purpose::Connectivity,
        Purpose::VideoOrientation,
    ]);
    let collector = Arc::new(Collector::builder(consent).source(lg_g8x_on_lte()).build());
    let detector = DeviceDetector::new(Arc::clone(&collector));
    assert_eq!(detector.detect().schema_url(), Some(SCHEMA_URL));
    // The SDK's builder keeps a detector's attributes but not its schema URL: set it here.
    let resource = Resource::builder_empty()
        .with_detector(Box::new(detector))
        .with_schema_url([], SCHEMA_URL)
        .build();
    let exporter = Capture::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .with_resource(resource)
        .build();

    let report = collector.collect().unwrap();
    let tracer = provider.tracer("rtc-call");
    let mut span = tracer.start("join");
    span.set_attributes(report.otel_span_attributes());
    span.end();
    provider.force_flush().unwrap();

    let spans = exporter.spans.get_finished_spans().unwrap();
    assert_eq!(spans.len(), 1);
    let on_span = &spans[0].attributes;
    let expected_span = [
        ("network.connection.type", "cell"),
        ("network.connection.subtype", "lte"),
        ("devprobe.network.vpn", "false"),
        ("devprobe.network.online", "true"),
        ("devprobe.network.ip.prefix", "10.44.181.0/24"),
        ("devprobe.network.ip.precision", "truncated"),
        ("devprobe.network.ip.scope", "private"),
        ("devprobe.screen.orientation", "landscape_primary"),
        ("devprobe.screen.rotation_degrees", "90"),
        ("devprobe.screen.source", "host"),
    ];
    for (key, value) in expected_span {
        assert_eq!(
            attr(on_span, key).as_deref(),
            Some(value),
            "span attribute {key}"
        );
    }
    for key in ["network.local.address", "host.ip"] {
        assert_eq!(
            attr(on_span, key),
            None,
            "{key} must not carry a truncated address"
        );
    }

    let resource = exporter.resource.lock().unwrap().clone().unwrap();
    let expected_resource = [
        ("device.manufacturer", "LGE"),
        ("devprobe.device.brand", "LG"),
        ("device.model.name", "LG G8X ThinQ"),
        ("device.model.identifier", "LM-G850"),
        ("os.type", "linux"),
        ("os.name", "Android"),
        ("os.version", "12"),
        ("os.build_id", "SKQ1.211230.001"),
        ("android.os.api_level", "31"),
    ];
    for (key, value) in expected_resource {
        let got = resource.get(&Key::from(key)).map(|v: Value| v.to_string());
        assert_eq!(got.as_deref(), Some(value), "resource attribute {key}");
    }
    assert_eq!(resource.schema_url(), Some(SCHEMA_URL));
    // Network and screen change: they are not on the resource.
    assert_eq!(resource.get(&Key::from("network.connection.type")), None);
    provider.shutdown().unwrap();
}

#[test]
fn without_consent_the_resource_has_no_device_attribute() {
    let collector = Arc::new(
        Collector::builder(Consent::new())
            .source(lg_g8x_on_lte())
            .build(),
    );
    let resource = Resource::builder()
        .with_detector(Box::new(DeviceDetector::new(collector)))
        .build();
    assert_eq!(resource.get(&Key::from("device.manufacturer")), None);
    assert_eq!(resource.get(&Key::from("os.name")), None);
    // The SDK's own attributes are still there: detection failed quietly, not the resource.
    assert!(resource.get(&Key::from("telemetry.sdk.name")).is_some());
}
