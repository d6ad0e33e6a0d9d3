//! Linux device facts: brand, manufacturer, model and model identifier from DMI
//! (`/sys/class/dmi/id/{sys_vendor,product_name,product_version,product_family,board_vendor,
//! board_name}`) and, for ARM boards, the device tree (`/proc/device-tree/{model,compatible}`),
//! decided by the rules of [`dmi`](super::dmi).
//!
//! Reads are lazy: a file is read only when a wanted field's rule gets to it, and never the
//! identifying ones (`product_serial`, `product_uuid`, `board_serial`, `chassis_serial`).

use super::dmi::{Id, Read, Reader, fill};
use crate::facts::{Context, Facts};
use crate::parse::dmi;
use crate::report::OmitReason;
use crate::source::Source;

/// A DMI value from its sysfs file.
fn read_sysfs(source: &dyn Source, id: Id) -> Read {
    let bytes = source.file(id.path()).map_err(|e| e.omit_reason())?;
    dmi::decode(&bytes).map_err(|_| OmitReason::Malformed)
}

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    fill(
        &Reader::with_dir(ctx.source, read_sysfs, true, Id::DIR),
        ctx,
        facts,
    );
}
