//! The screen of a WeChat mini-program: the window's shape (`wx.getWindowInfo()`), and in
//! landscape the last `wx.onDeviceMotionChange` sample to tell the two landscapes apart.
//!
//! | window | motion `gamma` | report |
//! |---|---|---|
//! | taller than wide | — | `portrait_primary`, 0 (WeChat does not turn pages upside down) |
//! | wider than tall | < −0.5 rad (right edge up: turned counter-clockwise) | `landscape_primary`, 90 |
//! | wider than tall | > 0.5 rad (right edge down: turned clockwise) | `landscape_secondary`, 270 |
//! | wider than tall | none, or the device lies flat | both omitted `not_found` |
//!
//! The rotation counts from the phone's natural portrait, as on Android and iOS. A host push
//! (`Collector::set_orientation`) wins over all of this.

use crate::facts::read::js;
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::report::{OmitReason, Orientation, OrientationSource};
use crate::source::{SourceError, Viewport, WxMotion};

/// How far (milliradians) the device must be turned for the side to count: about 29°.
const TURNED_MRAD: i32 = 500;

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    if super::host_screen(ctx, facts) {
        return;
    }
    let decided = js::viewport(ctx.source)
        .map_err(|e| e.omit_reason())
        .and_then(|v| {
            let landscape = v.width > v.height;
            let motion = if landscape {
                js::wx_motion(ctx.source)
            } else {
                Err(SourceError::NotFound)
            };
            decide(v, motion.ok())
        });
    match decided {
        Ok((orientation, degrees)) => {
            if ctx.wanted.contains(Field::ScreenOrientation) {
                facts.screen.orientation = Some(orientation);
            }
            if ctx.wanted.contains(Field::ScreenRotationDegrees) {
                facts.screen.rotation_degrees = Some(degrees);
            }
            facts.screen.source = Some(OrientationSource::Display);
        }
        Err(reason) => {
            for f in [Field::ScreenOrientation, Field::ScreenRotationDegrees] {
                if ctx.wanted.contains(f) {
                    facts.omit(f, reason);
                }
            }
        }
    }
}

fn decide(window: Viewport, motion: Option<WxMotion>) -> Result<(Orientation, u16), OmitReason> {
    if window.width == 0 || window.height == 0 || window.width == window.height {
        return Err(OmitReason::NotFound);
    }
    if window.width < window.height {
        return Ok((Orientation::PortraitPrimary, 0));
    }
    match motion.map(|m| m.gamma_mrad) {
        Some(g) if g < -TURNED_MRAD => Ok((Orientation::LandscapePrimary, 90)),
        Some(g) if g > TURNED_MRAD => Ok((Orientation::LandscapeSecondary, 270)),
        _ => Err(OmitReason::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_sides() {
        let tall = Viewport::new(393, 852);
        let wide = Viewport::new(873, 393);
        let motion = |g: f64| WxMotion::from_radians(0.1, g);
        assert_eq!(decide(tall, None), Ok((Orientation::PortraitPrimary, 0)));
        assert_eq!(
            decide(wide, motion(-1.52)),
            Ok((Orientation::LandscapePrimary, 90))
        );
        assert_eq!(
            decide(wide, motion(1.4)),
            Ok((Orientation::LandscapeSecondary, 270))
        );
        assert_eq!(decide(wide, motion(0.1)), Err(OmitReason::NotFound));
        assert_eq!(decide(wide, None), Err(OmitReason::NotFound));
        assert_eq!(decide(Viewport::new(0, 0), None), Err(OmitReason::NotFound));
    }
}
