//! Apple model identifiers and their marketing names: shared by every platform that meets an
//! Apple identifier (`hw.model` on macOS, `hw.machine` on iOS; Apple hardware running Linux or
//! Windows). The tables are generated into [`table`] by `scripts/gen_apple_models.py`.

mod table;

use table::{IOS_MODELS, MAC_MODELS};

/// The marketing name of a model identifier, e.g. `"iPhone15,2"` → `"iPhone 14 Pro"`,
/// `"MacBookPro18,3"` → `"MacBook Pro (14-inch, 2021)"`.
pub(crate) fn marketing_name(identifier: &str) -> Option<&'static str> {
    [IOS_MODELS, MAC_MODELS].into_iter().find_map(|table| {
        let i = table
            .binary_search_by(|(id, _)| id.as_bytes().cmp(identifier.as_bytes()))
            .ok()?;
        table.get(i).map(|(_, name)| *name)
    })
}
