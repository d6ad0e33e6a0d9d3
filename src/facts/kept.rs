//! Facts as a collector keeps them between collects: every text value in one shared buffer,
//! so keeping what a collect read costs one allocation (none when nothing was text), not one
//! per string, and handing it to the next collect's plan costs none.

use std::sync::Arc;

use crate::facts::Facts;
use crate::field::Field;

/// What a collect read, kept: the values other than text and every omission reason as they
/// were, and each text value as a span of one shared buffer.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    /// The facts without their texts (every text member `None`).
    values: Facts,
    /// Every text value, one after the other; `None` when there was none.
    text: Option<Arc<[u8]>>,
    /// Where each text field's value lies in `text`, by field.
    spans: [Option<(u32, u32)>; 64],
}

impl Kept {
    /// The facts without their texts: every value of another kind, every omission reason.
    pub(crate) fn values(&self) -> &Facts {
        &self.values
    }

    /// The text value of `field`, if it had one.
    pub(crate) fn text(&self, field: Field) -> Option<&str> {
        let (start, end) = (*self.spans.get(field as usize)?)?;
        let bytes = self
            .text
            .as_deref()?
            .get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)?;
        std::str::from_utf8(bytes).ok()
    }
}

/// `$body` for a field of kind `text`, nothing for the other kinds.
macro_rules! if_text {
    (text, $body:block) => {
        $body
    };
    ($other:ident, $body:block) => {};
}

/// Copies the value of a field into a fact of the report from [`Kept`]: text from its span,
/// any other kind from the values.
macro_rules! copy_kind {
    (text, $dst:expr, $src:expr, $field:expr, $value:expr) => {
        $dst = $src.text($field).map(str::to_owned)
    };
    ($other:ident, $dst:expr, $src:expr, $field:expr, $value:expr) => {
        $dst.clone_from(&$value)
    };
}

/// Generates [`Kept::new`] and [`Facts::copy_kept`] from the field table.
macro_rules! kept_ops {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal
        { $group:ident . $member:ident, $purpose:ident, $kind:ident } )*) => {
        impl Kept {
            /// `facts` kept. `facts` is left as it was: its texts are moved out for the copy of
            /// the other values (which then allocates nothing) and moved back.
            pub(crate) fn new(facts: &mut Facts) -> Kept {
                let mut len = 0usize;
                $( if_text!($kind, {
                    len += facts.$group.$member.as_ref().map_or(0, String::len);
                }); )*
                // One allocation of the right length, filled in place.
                let mut text: Option<Arc<[u8]>> =
                    (len > 0).then(|| std::iter::repeat_n(0u8, len).collect());
                let mut spans = [None; 64];
                let mut at = 0usize;
                $( if_text!($kind, {
                    if let Some(value) = facts.$group.$member.as_deref() {
                        let start = at;
                        at += value.len();
                        let end = at;
                        let room = text.as_mut().and_then(Arc::get_mut).and_then(|t| t.get_mut(start..end));
                        if let Some(room) = room {
                            room.copy_from_slice(value.as_bytes());
                            if let (Some(slot), Ok(start), Ok(end)) = (
                                spans.get_mut(Field::$variant as usize),
                                u32::try_from(start),
                                u32::try_from(end),
                            ) {
                                *slot = Some((start, end));
                            }
                        }
                    }
                }); )*
                let mut taken: [Option<String>; 64] = [const { None }; 64];
                $( if_text!($kind, {
                    if let Some(slot) = taken.get_mut(Field::$variant as usize) {
                        *slot = facts.$group.$member.take();
                    }
                }); )*
                let values = facts.clone();
                $( if_text!($kind, {
                    if let Some(slot) = taken.get_mut(Field::$variant as usize) {
                        facts.$group.$member = slot.take();
                    }
                }); )*
                Kept { values, text, spans }
            }
        }

        impl Facts {
            /// Copies the value of `field`, or its omission reason, from what was kept.
            pub(crate) fn copy_kept(&mut self, src: &Kept, field: Field) {
                match field {
                    $( Field::$variant => copy_kind!(
                        $kind,
                        self.$group.$member,
                        src,
                        Field::$variant,
                        src.values.$group.$member
                    ), )*
                }
                self.omitted.remove(&field);
                if let Some(reason) = src.values.omitted.get(&field) {
                    self.omitted.insert(field, *reason);
                }
            }
        }
    };
}

crate::field::field_table!(kept_ops);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{OmitReason, OrientationSource};

    fn read() -> Facts {
        let mut f = Facts::default();
        f.device.brand = Some("Lenovo".into());
        f.device.model = Some(String::new());
        f.os.name = Some("Debian GNU/Linux".into());
        f.os.kernel_version = Some("6.1.0-18-amd64".into());
        f.os.sdk_level = Some(34);
        f.network.online = Some(true);
        f.screen.source = Some(OrientationSource::Host);
        f.omit(Field::OsBuildId, OmitReason::NotFound);
        f
    }

    #[test]
    fn what_is_kept_copies_back_as_it_was_read() {
        let mut facts = read();
        let kept = Kept::new(&mut facts);
        assert_eq!(facts, read(), "keeping leaves the facts alone");
        assert_eq!(kept.values().device.brand, None);
        assert_eq!(kept.values().screen.source, Some(OrientationSource::Host));
        assert_eq!(kept.text(Field::DeviceModel), Some(""));
        assert_eq!(kept.text(Field::DeviceManufacturer), None);
        let mut back = Facts::default();
        for f in Field::ALL {
            back.copy_kept(&kept, *f);
        }
        back.screen.source = kept.values().screen.source;
        assert_eq!(back, read());
    }

    #[test]
    fn facts_without_text_keep_no_buffer() {
        let mut facts = Facts::default();
        facts.network.online = Some(false);
        let kept = Kept::new(&mut facts);
        assert!(kept.text.is_none());
        let mut back = Facts::default();
        back.copy_kept(&kept, Field::NetworkOnline);
        assert_eq!(back.network.online, Some(false));
    }
}
