//! Facts as a collector keeps them between collects: one shared allocation holding the values
//! and every text (not one per string), handed to the next collect's plan by a reference count.

use std::sync::Arc;

use crate::facts::Facts;
use crate::field::{Field, FieldSet};
use crate::minimize::MAX_STRING_BYTES;

/// The texts kept are sanitized ([`Facts::sanitize`]: at most [`MAX_STRING_BYTES`] each), so
/// every span of the buffer fits 16 bits, whatever the number of fields.
const _: () = assert!(64 * MAX_STRING_BYTES <= u16::MAX as usize);

/// How many bytes of text are held in place: the texts of a device and its OS usually fit,
/// and then keeping them costs one allocation; more take a second.
const IN_PLACE: usize = 256;

/// What a collect read, kept (shared: a clone is a reference count).
#[derive(Debug, Clone)]
pub(crate) struct Kept(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    /// The facts without their texts (every text member `None`): the values of the other
    /// kinds and every omission reason, as they were.
    values: Facts,
    /// The text fields that had a value.
    texts: FieldSet,
    /// Where each of them lies in the text, by field.
    spans: [(u16, u16); 64],
    /// Every text value, one after the other.
    text: Text,
}

/// The text buffer: in place, or apart when longer than the room in place.
#[derive(Debug)]
struct Text {
    in_place: [u8; IN_PLACE],
    apart: Option<Box<[u8]>>,
}

impl Text {
    /// Room for `len` bytes.
    fn of_len(len: usize) -> Text {
        Text {
            in_place: [0; IN_PLACE],
            apart: (len > IN_PLACE).then(|| vec![0; len].into_boxed_slice()),
        }
    }

    fn bytes(&self) -> &[u8] {
        self.apart.as_deref().unwrap_or(&self.in_place)
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        match &mut self.apart {
            Some(apart) => apart,
            None => &mut self.in_place,
        }
    }
}

impl Kept {
    /// The facts without their texts: every value of another kind, every omission reason.
    pub(crate) fn values(&self) -> &Facts {
        &self.0.values
    }

    /// The text value of `field`, if it had one.
    pub(crate) fn text(&self, field: Field) -> Option<&str> {
        if !self.0.texts.contains(field) {
            return None;
        }
        let (start, end) = *self.0.spans.get(field as usize)?;
        let bytes = self
            .0
            .text
            .bytes()
            .get(usize::from(start)..usize::from(end))?;
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
                let mut text = Text::of_len(len);
                let mut spans = [(0, 0); 64];
                let mut texts = FieldSet::EMPTY;
                let mut at = 0usize;
                $( if_text!($kind, {
                    if let Some(value) = facts.$group.$member.as_deref() {
                        let start = at;
                        at += value.len();
                        let end = at;
                        let room = text.bytes_mut().get_mut(start..end);
                        if let (Some(room), Some(slot), Ok(start), Ok(end)) = (
                            room,
                            spans.get_mut(Field::$variant as usize),
                            u16::try_from(start),
                            u16::try_from(end),
                        ) {
                            room.copy_from_slice(value.as_bytes());
                            *slot = (start, end);
                            texts.insert(Field::$variant);
                        }
                    }
                }); )*
                // The other values: the texts moved aside (no copy), the rest cloned (no
                // allocation: every text is `None` then), the texts moved back.
                let mut aside = Facts::default();
                $( if_text!($kind, {
                    aside.$group.$member = facts.$group.$member.take();
                }); )*
                let values = facts.clone();
                $( if_text!($kind, {
                    facts.$group.$member = aside.$group.$member.take();
                }); )*
                Kept(Arc::new(Inner { values, texts, spans, text }))
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
                        src.0.values.$group.$member
                    ), )*
                }
                self.omitted.remove(&field);
                if let Some(reason) = src.0.values.omitted.get(&field) {
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
    fn texts_longer_than_the_room_in_place_are_kept_apart() {
        let mut facts = read();
        facts.device.model = Some("m".repeat(MAX_STRING_BYTES));
        facts.os.name = Some("é".repeat(MAX_STRING_BYTES / 2));
        let kept = Kept::new(&mut facts);
        assert!(kept.0.text.apart.is_some());
        let mut back = Facts::default();
        for f in Field::ALL {
            back.copy_kept(&kept, *f);
        }
        back.screen.source = kept.values().screen.source;
        assert_eq!(back, facts);
    }

    #[test]
    fn facts_without_text_keep_no_text() {
        let mut facts = Facts::default();
        facts.network.online = Some(false);
        let kept = Kept::new(&mut facts);
        assert!(kept.0.texts.is_empty());
        let mut back = Facts::default();
        back.copy_kept(&kept, Field::NetworkOnline);
        assert_eq!(back.network.online, Some(false));
    }
}
