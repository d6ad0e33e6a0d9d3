//! Screen orientation shared by every platform: what the host pushed, else the platform's own
//! sensor or display reading.

use crate::report::Orientation;
use crate::source::DisplayInfo;

/// The W3C orientation and clockwise rotation (degrees) of a display, from its current size and
/// the rotation the OS applies, or `None` when they do not make sense (zero size, odd angle).
pub(crate) fn from_display(display: DisplayInfo) -> Option<(Orientation, u16)> {
    // Filled in by the orientation work.
    let _ = display;
    None
}
