//! The JSON Schema (draft 2020-12) of the [`Report`](crate::Report), generated from the types:
//! the objects and members from [`Field::ALL`] (each field's type from its kind in the field
//! table, one function per kind), every enum from its `ALL` values, the
//! descriptions from the catalog. Hand-written rather than derived, so the crate needs no
//! schema dependency; `tests/consent_schema.rs` validates real reports against it.

use serde_json::{Map, Value, json};

use crate::consent::Purpose;
use crate::consent::catalog::{self, Catalog};
use crate::field::Field;
use crate::lang::Lang;
use crate::report::{OmitReason, OrientationSource, Platform, SCHEMA_VERSION};

fn names<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Value {
    Value::Array(all.iter().map(|v| Value::from(as_str(*v))).collect())
}

/// Generates `field_schema` from the field table: each field's schema by its kind.
macro_rules! field_schemas {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal
        { $group:ident . $member:ident, $purpose:ident, $kind:ident } )*) => {
        /// The schema of one field's value.
        fn field_schema(field: Field) -> Value {
            match field { $( Field::$variant => kind::$kind(), )* }
        }
    };
}

crate::field::field_table!(field_schemas);

/// The schema of a value, one function per kind of the field table.
mod kind {
    use serde_json::{Value, json};

    use super::names;
    use crate::minimize::MAX_STRING_BYTES;
    use crate::report::{
        CellularGeneration, ConnectionSubtype, ConnectionType, EffectiveType, IpPrecision, IpScope,
        Orientation, OsType,
    };

    pub(super) fn text() -> Value {
        json!({"type": "string", "minLength": 1, "maxLength": MAX_STRING_BYTES})
    }

    pub(super) fn os_type() -> Value {
        json!({"enum": names(OsType::ALL, OsType::as_str)})
    }

    pub(super) fn level() -> Value {
        json!({"type": "integer", "minimum": 0, "maximum": u32::MAX})
    }

    pub(super) fn ip() -> Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["precision", "scope"],
            "properties": {
                "address": {
                    "description": "The address after minimization; absent with precision `omit`.",
                    "type": "string",
                    "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]
                },
                "precision": {
                    "description": "How much of the address was kept: `truncated` (IPv4 /24, IPv6 /48) is the default.",
                    "enum": names(IpPrecision::ALL, IpPrecision::as_str)
                },
                "scope": {
                    "description": "What kind of address it is, decided on the full address.",
                    "enum": names(IpScope::ALL, IpScope::as_str)
                }
            }
        })
    }

    pub(super) fn connection_type() -> Value {
        json!({"enum": names(ConnectionType::ALL, ConnectionType::as_str)})
    }

    pub(super) fn connection_subtype() -> Value {
        json!({"enum": names(ConnectionSubtype::ALL, ConnectionSubtype::as_str)})
    }

    pub(super) fn effective_type() -> Value {
        json!({"enum": names(EffectiveType::ALL, EffectiveType::as_str)})
    }

    pub(super) fn cellular_generation() -> Value {
        json!({"enum": names(CellularGeneration::ALL, CellularGeneration::as_str)})
    }

    pub(super) fn flag() -> Value {
        json!({"type": "boolean"})
    }

    pub(super) fn orientation() -> Value {
        json!({"enum": names(Orientation::ALL, Orientation::as_str)})
    }

    pub(super) fn rotation() -> Value {
        json!({"enum": [0, 90, 180, 270]})
    }
}

fn describe(catalog: &Catalog, field: Field) -> String {
    match catalog.entry(field) {
        Some(e) => format!(
            "{}. Purpose `{}`: {} Read {}.",
            e.label.get(Lang::En),
            e.purpose,
            e.used_for(Lang::En),
            e.frequency.describe(Lang::En)
        ),
        None => field.as_str().to_owned(),
    }
}

/// The schema of one report object (`device`, `os`, `network`, `screen`).
fn group(catalog: &Catalog, name: &str, description: &str) -> Value {
    let mut props = Map::new();
    for f in Field::ALL {
        let Some((g, member)) = f.as_str().split_once('.') else {
            continue;
        };
        if g != name {
            continue;
        }
        let mut s = field_schema(*f);
        if let Value::Object(o) = &mut s {
            o.insert("description".into(), Value::from(describe(catalog, *f)));
        }
        props.insert(member.to_owned(), s);
    }
    if name == "screen" {
        props.insert(
            "source".into(),
            json!({
                "description": "Where the orientation came from.",
                "enum": names(OrientationSource::ALL, OrientationSource::as_str)
            }),
        );
    }
    json!({
        "description": description,
        "type": "object",
        "additionalProperties": false,
        "minProperties": 1,
        "properties": props
    })
}

/// The report's JSON Schema as a value.
pub fn report_schema() -> Value {
    let catalog = Catalog::current();
    let field_names = names(Field::ALL, Field::as_str);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("urn:devprobe:report:schema:{SCHEMA_VERSION}"),
        "title": "devprobe report",
        "description": "Device facts collected for declared purposes after consent. A fact that \
            could not be collected is absent from its object and listed in `omitted` with a \
            reason; there are no nulls. Empty objects are left out.",
        "type": "object",
        "additionalProperties": false,
        "required": ["schema_version", "catalog_version", "collected_at", "platform", "purposes", "omitted"],
        "properties": {
            "schema_version": {
                "description": "The version of this JSON shape; bumped on every change to it.",
                "const": SCHEMA_VERSION
            },
            "catalog_version": {
                "description": "The data catalog version of the grant the report was collected under.",
                "type": "integer",
                "minimum": 1,
                "maximum": u32::MAX
            },
            "collected_at": {
                "description": "When the collect finished, RFC 3339 UTC, whole seconds.",
                "type": "string",
                "format": "date-time"
            },
            "platform": {
                "description": "The platform the facts describe.",
                "enum": names(Platform::ALL, Platform::as_str)
            },
            "purposes": {
                "description": "The purposes granted for this report, in catalog order.",
                "type": "array",
                "uniqueItems": true,
                "items": {"enum": names(Purpose::ALL, Purpose::as_str)}
            },
            "device": group(&catalog, "device", catalog::purpose_label(Purpose::Compatibility, Lang::En)),
            "os": group(&catalog, "os", catalog::purpose_label(Purpose::Compatibility, Lang::En)),
            "network": group(&catalog, "network", "Server selection (ip) and Connectivity (the rest)"),
            "screen": group(&catalog, "screen", catalog::purpose_label(Purpose::VideoOrientation, Lang::En)),
            "omitted": {
                "description": "The absent fields, each once, with why, in report order.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["field", "reason"],
                    "properties": {
                        "field": {"enum": field_names},
                        "reason": {"enum": names(OmitReason::ALL, OmitReason::as_str)}
                    }
                }
            }
        }
    })
}

/// The report's JSON Schema as the text of `schema/report.schema.json` (pretty, ending in a
/// newline).
pub fn report_schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&report_schema()).unwrap_or_default();
    text.push('\n');
    text
}
