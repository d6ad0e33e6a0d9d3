//! The accelerometer algorithm against iio-sensor-proxy's own test vectors
//! (`../shared/corpus/orientation/iio_vectors.tsv`): every vector must give the orientation the
//! reference gives, the mount-matrix devices through our matrix parser and through the whole
//! Linux probe.

use devprobe::__fuzzing::iio::{parse_mount_matrix, parse_scale};
use devprobe::source::Snapshot;
use devprobe::{
    AccelOrientation, Collector, Consent, Field, Orientation, OrientationSource, Platform, Purpose,
};

const VECTORS: &str = "iio_vectors.tsv";

/// `../shared/corpus/orientation/<name>`, or `None` when the suite is absent (the test skips).
fn corpus_file(name: &str) -> Option<String> {
    let path = crate::corpus::dir("orientation")?.join(name);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// One row of the vectors file.
struct Vector {
    source: String,
    accel: [f64; 3],
    scale_text: String,
    previous: Option<AccelOrientation>,
    expected: Option<AccelOrientation>,
}

fn orientation(text: &str) -> Option<AccelOrientation> {
    match text {
        "undefined" => None,
        t => Some(t.parse().unwrap()),
    }
}

fn vectors(text: &str) -> Vec<Vector> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (src, x, y, z, scale) = (col("source"), col("x"), col("y"), col("z"), col("scale"));
    let (prev, expected, harness) = (
        col("prev_orientation"),
        col("expected_orientation"),
        col("harness_orientation"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let num = |i: usize| f[i].parse::<f64>().unwrap();
            // The tilt-only rows assert no orientation upstream; the compiled reference's output
            // (harness) is the expected value there.
            let want = if f[expected].is_empty() {
                f[harness]
            } else {
                f[expected]
            };
            Vector {
                source: f[src].to_owned(),
                accel: [num(x), num(y), num(z)],
                scale_text: f[scale].to_owned(),
                previous: orientation(f[prev]),
                expected: orientation(want),
            }
        })
        .collect()
}

#[track_caller]
fn check(v: &Vector) {
    let scale = parse_scale(&v.scale_text).unwrap();
    let got = AccelOrientation::from_accel(v.accel, [scale; 3], v.previous);
    assert_eq!(
        got, v.expected,
        "{}: {:?} scale {}",
        v.source, v.accel, v.scale_text
    );
}

#[test]
fn all_18_iio_sensor_proxy_vectors() {
    let Some(text) = corpus_file(VECTORS) else {
        return;
    };
    let rows = vectors(&text);
    assert_eq!(rows.len(), 18, "the corpus lists 18 vectors");
    for v in &rows {
        check(v);
    }
    // The set covers what it claims to: the dead zone with a previous value, the decimal
    // separator scale, and all four results.
    assert!(
        rows.iter()
            .any(|v| v.previous.is_some() && v.previous == v.expected)
    );
    assert!(rows.iter().any(|v| v.scale_text == "1e-06"));
    for o in AccelOrientation::ALL {
        assert!(
            rows.iter().any(|v| v.expected == Some(*o)),
            "{o} never expected"
        );
    }
}

/// `raw 523,13,5; mount_matrix "0, -1, 0; -1, 0, 0; 0, 0, 1"` from the source column.
fn raw_and_matrix(source: &str) -> Option<([i32; 3], String)> {
    let rest = source.split_once("raw ")?.1;
    let (raw, rest) = rest.split_once("; mount_matrix \"")?;
    let matrix = rest.split_once('"')?.0.to_owned();
    let raw: Vec<i32> = raw.split(',').map(|n| n.trim().parse().unwrap()).collect();
    Some(([raw[0], raw[1], raw[2]], matrix))
}

#[test]
fn mount_matrix_devices_onda_v975_and_winbook_tw100() {
    let Some(text) = corpus_file(VECTORS) else {
        return;
    };
    let rows: Vec<(Vector, [i32; 3], String)> = vectors(&text)
        .into_iter()
        .filter_map(|v| raw_and_matrix(&v.source).map(|(raw, m)| (v, raw, m)))
        .collect();
    assert_eq!(rows.len(), 4, "two readings each from two devices");
    for (v, raw, matrix) in &rows {
        let m = parse_mount_matrix(matrix).unwrap();
        assert_eq!(m.apply(raw.map(f64::from)), v.accel, "{}", v.source);
        check(v);
        whole_linux_probe(v, *raw, matrix);
    }
}

/// The same reading replayed as sysfs files through the Linux probe. Both tablets have landscape
/// panels (Onda v975w: 2048x1536, Winbook TW100: 1280x800).
fn whole_linux_probe(v: &Vector, raw: [i32; 3], matrix: &str) {
    let panel = if v.source.contains("Onda") {
        "2048x1536\n"
    } else {
        "1280x800\n"
    };
    let dev = "/sys/devices/platform/80860F41:00/i2c-0/0-000f/iio:device0";
    let device = Snapshot::new(Platform::Linux)
        .link(
            "/sys/bus/iio/devices/iio:device0",
            "../../../devices/platform/80860F41:00/i2c-0/0-000f/iio:device0",
        )
        .file(&format!("{dev}/in_accel_x_raw"), format!("{}\n", raw[0]))
        .file(&format!("{dev}/in_accel_y_raw"), format!("{}\n", raw[1]))
        .file(&format!("{dev}/in_accel_z_raw"), format!("{}\n", raw[2]))
        .file(
            &format!("{dev}/in_accel_scale"),
            format!("{}\n", v.scale_text),
        )
        .file(
            &format!("{dev}/in_accel_mount_matrix"),
            format!("{matrix}\n"),
        )
        .file("/sys/class/drm/card0-DSI-1/status", "connected\n")
        .file("/sys/class/drm/card0-DSI-1/modes", panel);
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(device)
        // Conformance is about values, not speed: no deadline on a loaded machine.
        .deadline(std::time::Duration::MAX)
        .build();
    consent.grant([Purpose::VideoOrientation]);
    let report = collector.collect().unwrap();
    let expected = v.expected.unwrap();
    let w3c = match expected {
        AccelOrientation::Normal => Orientation::LandscapePrimary,
        AccelOrientation::RightUp => Orientation::PortraitSecondary,
        AccelOrientation::BottomUp => Orientation::LandscapeSecondary,
        _ => Orientation::PortraitPrimary,
    };
    assert_eq!(report.screen.orientation, Some(w3c), "{}", v.source);
    assert_eq!(
        report.screen.rotation_degrees,
        Some(expected.rotation_degrees()),
        "{}",
        v.source
    );
    assert_eq!(report.screen.source, Some(OrientationSource::Accelerometer));
    assert_eq!(report.omission(Field::ScreenOrientation), None);
}
