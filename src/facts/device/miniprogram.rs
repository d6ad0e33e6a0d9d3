//! The device of a WeChat mini-program: `brand` and `model` of `wx.getDeviceInfo()`.
//!
//! On iOS WeChat says brand `iPhone` and appends the hardware identifier to the model
//! (`iPhone 14 Pro<iPhone15,2>`): the brand is Apple, the identifier goes to
//! `device.model_identifier` and names the model through [`apple_models`](super::apple_models)
//! when the table knows it. Elsewhere the brand is canonicalized by [`brand`](super::brand)
//! (`HUAWEI` → `Huawei`) and the manufacturer is what WeChat says. A model WeChat does not know
//! yet reads `unknown`: omitted `not_found`.

use super::apple_models::marketing_name;
use super::brand::canonical_brand;
use crate::facts::read::js;
use crate::facts::{Context, Facts};
use crate::field::{Field, Group};
use crate::parse::wx::parse_wx_model;
use crate::report::OmitReason;
use crate::source::WxDevice;

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    let device = match js::wx_device(ctx.source) {
        Ok(d) => d,
        Err(e) => {
            facts.omit_err(ctx.wanted.intersection(Group::Device.fields()), &e);
            return;
        }
    };
    let found = decide(&device);
    let mut device_facts = std::mem::take(&mut facts.device);
    let mut put = |field: Field, value: Option<String>, slot: &mut Option<String>| {
        if ctx.wanted.contains(field) {
            match value {
                Some(v) => *slot = Some(v),
                None => facts.omit(field, OmitReason::NotFound),
            }
        }
    };
    put(Field::DeviceBrand, found.brand, &mut device_facts.brand);
    put(
        Field::DeviceManufacturer,
        found.manufacturer,
        &mut device_facts.manufacturer,
    );
    put(Field::DeviceModel, found.model, &mut device_facts.model);
    put(
        Field::DeviceModelIdentifier,
        found.identifier,
        &mut device_facts.model_identifier,
    );
    facts.device = device_facts;
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Decided {
    brand: Option<String>,
    manufacturer: Option<String>,
    model: Option<String>,
    identifier: Option<String>,
}

fn decide(d: &WxDevice) -> Decided {
    let raw_brand = d.brand.as_deref().map(str::trim).filter(|b| !b.is_empty());
    let model = d.model.as_deref().and_then(parse_wx_model);
    let apple = d.platform.as_deref() == Some("ios")
        || raw_brand.is_some_and(|b| matches!(b, "iPhone" | "iPad" | "iPod" | "Apple"));
    if apple {
        let identifier = model.as_ref().and_then(|m| m.identifier.clone());
        let name = identifier
            .as_deref()
            .and_then(marketing_name)
            .map(str::to_owned)
            .or_else(|| model.map(|m| m.name));
        return Decided {
            brand: Some("Apple".to_owned()),
            manufacturer: Some("Apple".to_owned()),
            model: name,
            identifier,
        };
    }
    Decided {
        brand: raw_brand.and_then(canonical_brand),
        manufacturer: raw_brand.map(str::to_owned),
        identifier: model.as_ref().and_then(|m| m.identifier.clone()),
        model: model.map(|m| m.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(brand: &str, model: &str, platform: &str) -> WxDevice {
        WxDevice::new(Some(brand), Some(model), None, Some(platform))
    }

    #[test]
    fn iphone_14_pro() {
        let got = decide(&device("iPhone", "iPhone 14 Pro<iPhone15,2>", "ios"));
        assert_eq!(got.brand.as_deref(), Some("Apple"));
        assert_eq!(got.manufacturer.as_deref(), Some("Apple"));
        assert_eq!(got.model.as_deref(), Some("iPhone 14 Pro"));
        assert_eq!(got.identifier.as_deref(), Some("iPhone15,2"));
    }

    #[test]
    fn android_brands_are_canonical() {
        let got = decide(&device("HUAWEI", "ELS-AN00", "android"));
        assert_eq!(got.brand.as_deref(), Some("Huawei"));
        assert_eq!(got.manufacturer.as_deref(), Some("HUAWEI"));
        assert_eq!(got.model.as_deref(), Some("ELS-AN00"));
        assert_eq!(got.identifier, None);
    }

    #[test]
    fn unknown_model_is_no_model() {
        assert_eq!(decide(&device("Xiaomi", "unknown", "android")).model, None);
    }
}
