//! Brand canonicalization shared by every platform: the consumer brand as the maker writes it
//! ("LENOVO" → "Lenovo", "Hewlett-Packard" → "HP", "lge" → "LG"), legal suffixes dropped for
//! brands not in the table. See `../shared/corpus/README.md` for the canonical spellings.

/// The canonical brand for a raw vendor or brand string, or `None` when the string is empty or
/// placeholder junk.
pub(crate) fn canonical_brand(raw: &str) -> Option<String> {
    let cleaned = crate::parse::dmi::clean(raw)?;
    // Filled in by the device work: the full table and suffix rules.
    Some(cleaned)
}
