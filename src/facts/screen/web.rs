//! The screen of a web page: `screen.orientation` (`type`, `angle`) as the browser reports the
//! display, source `display`. A browser without the Screen Orientation API (Safari before 16.4)
//! gives only the window's shape: `portrait_primary` or `landscape_primary` by its aspect ratio,
//! and the rotation omitted `unsupported` (which way it is turned cannot be known).

use crate::facts::read::js;
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::host::HostOrientation;
use crate::report::{OmitReason, Orientation, OrientationSource};
use crate::source::SourceError;

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    if super::host_screen(ctx, facts) {
        return;
    }
    let wants = |f| ctx.wanted.contains(f);
    match js::screen_orientation(ctx.source) {
        Ok(o) => match HostOrientation::from_w3c(&o.kind, Some(o.angle)) {
            Ok(o) => {
                if wants(Field::ScreenOrientation) {
                    facts.screen.orientation = Some(o.orientation);
                }
                if wants(Field::ScreenRotationDegrees) {
                    facts.screen.rotation_degrees = o.rotation_degrees;
                }
                facts.screen.source = Some(OrientationSource::Display);
            }
            Err(_) => omit_both(ctx, facts, OmitReason::Malformed),
        },
        Err(SourceError::Unsupported) => from_window(ctx, facts),
        Err(e) => omit_both(ctx, facts, e.omit_reason()),
    }
}

fn from_window(ctx: &Context<'_>, facts: &mut Facts) {
    let shape = js::viewport(ctx.source)
        .map_err(|e| e.omit_reason())
        .and_then(|v| match v.width.cmp(&v.height) {
            std::cmp::Ordering::Greater => Ok(Orientation::LandscapePrimary),
            std::cmp::Ordering::Less => Ok(Orientation::PortraitPrimary),
            std::cmp::Ordering::Equal => Err(OmitReason::NotFound),
        });
    if ctx.wanted.contains(Field::ScreenOrientation) {
        match shape {
            Ok(o) => {
                facts.screen.orientation = Some(o);
                facts.screen.source = Some(OrientationSource::Display);
            }
            Err(r) => facts.omit(Field::ScreenOrientation, r),
        }
    }
    if ctx.wanted.contains(Field::ScreenRotationDegrees) {
        facts.omit(Field::ScreenRotationDegrees, OmitReason::Unsupported);
    }
}

fn omit_both(ctx: &Context<'_>, facts: &mut Facts, reason: OmitReason) {
    for f in [Field::ScreenOrientation, Field::ScreenRotationDegrees] {
        if ctx.wanted.contains(f) {
            facts.omit(f, reason);
        }
    }
}
