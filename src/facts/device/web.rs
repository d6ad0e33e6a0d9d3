//! The device of a web page: a browser never names its maker, and names the model only on
//! Android through Client Hints (`model`, fetched after consent). Without Client Hints, a
//! WebView's User-Agent string (`Android 14; 2211133C Build/…`) states the model; Chrome's and
//! Samsung Internet's reduced `Android 10; K` does not, and `K` is omitted `unsupported`.
//!
//! The brand is never guessed from the model: `device.brand` and `device.manufacturer` are
//! omitted `unsupported`, and so is `device.model_identifier`.

use crate::facts::read::js;
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::parse::user_agent::Claim;
use crate::report::OmitReason;
use crate::source::SourceError;

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    let wants = |f| ctx.wanted.contains(f);
    for f in [
        Field::DeviceBrand,
        Field::DeviceManufacturer,
        Field::DeviceModelIdentifier,
    ] {
        if wants(f) {
            facts.omit(f, OmitReason::Unsupported);
        }
    }
    if wants(Field::DeviceModel) {
        match model(ctx) {
            Ok(m) => facts.device.model = Some(m),
            Err(reason) => facts.omit(Field::DeviceModel, reason),
        }
    }
}

fn model(ctx: &Context<'_>) -> Result<String, OmitReason> {
    match js::client_hints(ctx.source) {
        Ok(hints) => {
            return match hints.model.as_deref().map(str::trim) {
                Some("") => Err(OmitReason::NotFound),
                Some(m) => Ok(m.to_owned()),
                None => Err(OmitReason::NotFound),
            };
        }
        Err(SourceError::Unsupported) => {}
        Err(e) => return Err(e.omit_reason()),
    }
    let ua = js::user_agent(ctx.source).map_err(|e| e.omit_reason())?;
    match ua.model {
        Some(Claim::Stated(m)) => Ok(m),
        Some(Claim::Reduced(_)) => Err(OmitReason::Unsupported),
        None => Err(OmitReason::NotFound),
    }
}
