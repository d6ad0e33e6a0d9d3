//! The Linux probe: OS from os-release and legacy release files, device from DMI and the device
//! tree, network from the routing table and sysfs, orientation from the host, the iio
//! accelerometer or the DRM panel.

use super::{Context, Facts, groups};

pub(super) mod device;
pub(crate) mod network;
mod os;
mod screen;

pub(crate) fn probe(ctx: &Context<'_>) -> Facts {
    let mut facts = Facts::default();
    if ctx.wants_any(groups::OS) {
        os::probe(ctx, &mut facts);
    }
    if ctx.wants_any(groups::DEVICE) {
        device::probe(ctx, &mut facts);
    }
    if ctx.wants_any(groups::NETWORK) {
        network::probe(ctx, &mut facts);
    }
    if ctx.wants_any(groups::SCREEN) {
        screen::probe(ctx, &mut facts);
    }
    facts
}
