//! Apple device facts: the model identifier (`hw.model` on macOS, `hw.machine` on iOS, the
//! simulated one on a simulator) and its marketing name.

use super::{marketing_name, sysctl};
use crate::field::Field;
use crate::probe::{Context, Facts};
use crate::report::OmitReason;
use crate::source::{Source, SourceError};

/// The device's model identifier and whether it is a simulator's simulated one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Identifier {
    pub id: String,
    pub simulated: bool,
}

/// `hw.machine` values that name the CPU rather than a device: a simulator, or an iOS binary on
/// a Mac.
fn is_cpu_name(machine: &str) -> bool {
    matches!(machine, "x86_64" | "i386" | "arm64" | "arm64e")
}

pub(super) fn identifier(source: &dyn Source, ios: bool) -> Result<Identifier, SourceError> {
    if !ios {
        return sysctl(source, "hw.model").map(|id| Identifier {
            id,
            simulated: false,
        });
    }
    let machine = sysctl(source, "hw.machine")?;
    if !is_cpu_name(&machine) {
        return Ok(Identifier {
            id: machine,
            simulated: false,
        });
    }
    sysctl(source, "env.SIMULATOR_MODEL_IDENTIFIER").map(|id| Identifier {
        id,
        simulated: true,
    })
}

pub(super) fn probe(ctx: &Context<'_>, id: &Result<Identifier, SourceError>, facts: &mut Facts) {
    if ctx.wanted.contains(Field::DeviceBrand) {
        facts.device.brand = Some("Apple".to_owned());
    }
    if ctx.wanted.contains(Field::DeviceManufacturer) {
        facts.device.manufacturer = Some("Apple".to_owned());
    }
    let model_fields = [Field::DeviceModel, Field::DeviceModelIdentifier];
    let id = match id {
        Ok(id) => id,
        Err(e) => {
            facts.omit_err(&model_fields, e);
            return;
        }
    };
    match marketing_name(&id.id) {
        Some(name) => {
            facts.device.model = Some(name.to_owned());
            facts.device.model_identifier = Some(id.id.clone());
        }
        None => {
            // An identifier newer than the table is still the most exact name there is.
            facts.device.model = Some(id.id.clone());
            facts.omit(Field::DeviceModelIdentifier, OmitReason::NotFound);
        }
    }
    for f in model_fields {
        if !ctx.wanted.contains(f) {
            facts.clear(f);
        }
    }
}
