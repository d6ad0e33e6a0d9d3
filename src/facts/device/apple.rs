//! Apple device facts: the model identifier (`hw.model` on macOS, `hw.machine` on iOS, the
//! simulated one on a simulator, read by [`read::apple`](crate::facts::read::apple)) and its
//! marketing name from [`apple_models`](super::apple_models).

use super::apple_models::marketing_name;
use crate::facts::read::apple::Identifier;
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::report::OmitReason;
use crate::source::SourceError;

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
