//! Machines whose DMI product name is a code name with a marketing name beside it, by brand:
//! Valve's Steam Deck ("Jupiter", family "Aerith"; the OLED model "Galileo", family
//! "Sephiroth"). Apple's identifiers have their own table,
//! [`apple_models`](crate::facts::device::apple_models), shared with macOS and iOS.

/// `(brand, product_name, marketing name)`.
const CODENAMES: &[(&str, &str, &str)] = &[
    ("Valve", "Jupiter", "Steam Deck"),
    ("Valve", "Galileo", "Steam Deck OLED"),
];

/// The marketing name of `product` by `brand` (canonical), when the table has it.
pub(super) fn name(brand: &str, product: &str) -> Option<&'static str> {
    CODENAMES
        .iter()
        .find(|(b, p, _)| *b == brand && *p == product)
        .map(|(_, _, name)| *name)
}
