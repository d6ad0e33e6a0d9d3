//! Board names for device-tree `compatible` entries, for boards whose device tree carries no
//! `model` string. Raspberry Pi names are those of the Raspberry Pi documentation (the facts
//! listed in `../shared/corpus/arm-boards/rpi_devicetree_compatible.tsv`); one compatible
//! string can stand for two models ("500 /500+").

/// `raspberrypi,<board>` → marketing name.
const RASPBERRY_PI: &[(&str, &str)] = &[
    ("500", "Raspberry Pi 500 /500+"),
    ("5-compute-module", "Compute Module 5"),
    ("5-model-b", "Raspberry Pi 5"),
    ("400", "Raspberry Pi 400"),
    ("4s-compute-module", "Compute Module 4S"),
    ("4-compute-module", "Compute Module 4"),
    ("4-model-b", "Raspberry Pi 4 Model B"),
    ("model-zero-2-w", "Raspberry Pi Zero 2 W"),
    ("3-plus-compute-module", "Compute Module 3+"),
    ("3-compute-module", "Compute Module 3"),
    ("3-model-a-plus", "Raspberry Pi 3 Model A+"),
    ("3-model-b-plus", "Raspberry Pi 3 Model B+"),
    ("3-model-b", "Raspberry Pi 3 Model B"),
    ("2-model-b", "Raspberry Pi 2 Model B"),
    ("model-zero-w", "Raspberry Pi Zero W"),
    ("model-zero", "Raspberry Pi Zero"),
    ("compute-module", "Compute Module 1"),
    ("model-a-plus", "Raspberry Pi Model A+"),
    ("model-b-plus", "Raspberry Pi Model B+"),
    ("model-b-rev2", "Raspberry Pi Model B Rev 2"),
    ("model-a", "Raspberry Pi Model A"),
    ("model-b", "Raspberry Pi Model B"),
];

/// The marketing name for a `compatible` entry (`"raspberrypi,4-model-b"` →
/// `"Raspberry Pi 4 Model B"`), when the table knows it.
pub(super) fn name(compatible: &str) -> Option<&'static str> {
    let board = compatible.strip_prefix("raspberrypi,")?;
    RASPBERRY_PI
        .iter()
        .find(|(b, _)| *b == board)
        .map(|(_, name)| *name)
}
