//! Screen orientation shared by every platform: the display-to-orientation rule the desktop
//! probes use, and the accelerometer algorithm (iio-sensor-proxy's, exactly) with its mapping
//! onto W3C orientations and rotations.
//!
//! Rotation is always the clockwise rotation of the displayed content from the device's natural
//! orientation, as Android's `Display.getRotation()` and the W3C `screen.orientation.angle`
//! count it: a device turned a quarter counter-clockwise shows its content turned 90°.

use std::f64::consts::PI;

use crate::host::NaturalOrientation;
use crate::report::Orientation;
use crate::source::DisplayInfo;
use crate::text_enum::text_enum;

/// The W3C orientation and clockwise rotation (degrees) of a display, from its current size and
/// the rotation the OS applies, or `None` when they do not make sense (zero size, odd angle).
///
/// The natural shape is the current one at 0° and 180°, the other one at 90° and 270°; the
/// orientation then follows [`NaturalOrientation::orientation_at`] (Chromium's table). A monitor
/// shown 1920×1080 at 0° is `landscape_primary`; shown 1080×1920 at 90° it is a landscape monitor
/// turned, `portrait_secondary`.
///
/// `display.rotation_degrees` must already be the clockwise rotation of the *content*, as in the
/// report. The OS values count the other way: `CGDisplayRotation` is the clockwise turn of the
/// physical display (content turned counter-clockwise), and `DMDO_90` is documented (since the
/// 2025 correction of the `DEVMODEW` page) as 90° counter-clockwise; both therefore become
/// `(360 - n) % 360`. To be confirmed on each platform's hardware.
pub(crate) fn from_display(display: DisplayInfo) -> Option<(Orientation, u16)> {
    let current = NaturalOrientation::of_size(display.width, display.height)?;
    let rotation = display.rotation_degrees;
    let natural = match rotation {
        0 | 180 => current,
        90 | 270 => current.turned(),
        _ => return None,
    };
    Some((natural.orientation_at(rotation), rotation))
}

/// The screen group for a desktop platform: what the host pushed, else the primary display's
/// size and rotation (`source: "display"`), else the display query's failure as the reason
/// (`unsupported` where the platform has none). A display whose size or angle makes no sense
/// is `malformed`.
pub(crate) fn desktop(ctx: &super::Context<'_>, facts: &mut super::Facts) {
    use crate::field::Field;
    use crate::report::{OmitReason, OrientationSource};
    if super::host_screen(ctx, facts) {
        return;
    }
    match ctx.source.display().map(from_display) {
        Ok(Some((orientation, rotation))) => {
            if ctx.wanted.contains(Field::ScreenOrientation) {
                facts.screen.orientation = Some(orientation);
            }
            if ctx.wanted.contains(Field::ScreenRotationDegrees) {
                facts.screen.rotation_degrees = Some(rotation);
            }
            facts.screen.source = Some(OrientationSource::Display);
        }
        Ok(None) => facts.omit_all(super::groups::SCREEN, OmitReason::Malformed),
        Err(e) => facts.omit_err(super::groups::SCREEN, &e),
    }
}

/// Above this angle (degrees) from level, an axis counts as pointing up or down.
const THRESHOLD_DEGREES: f64 = 35.0;

/// Standard gravity as iio-sensor-proxy writes it, m/s².
const GRAVITY: f64 = 9.81;

text_enum! {
    /// Which edge of the device is up, in iio-sensor-proxy's vocabulary (`"normal"`,
    /// `"bottom-up"`, `"left-up"`, `"right-up"`), as computed from an accelerometer by
    /// [`AccelOrientation::from_accel`].
    #[non_exhaustive]
    pub enum AccelOrientation: "accelerometer orientation" {
        /// Held in its natural orientation; content is not turned (0°).
        Normal => "normal",
        /// Upside down; content is turned 180°.
        BottomUp => "bottom-up",
        /// Turned a quarter clockwise, left edge up; content is turned 270° clockwise.
        LeftUp => "left-up",
        /// Turned a quarter counter-clockwise, right edge up; content is turned 90° clockwise.
        RightUp => "right-up",
    }
}

impl AccelOrientation {
    /// The orientation iio-sensor-proxy computes from one accelerometer reading.
    ///
    /// `accel` is the reading in device axes (after the mount matrix), in raw units; `scale`
    /// is each axis' m/s² per raw unit (the same three times when the sensor has one
    /// `in_accel_scale`); `previous` is the last result. Gravity convention: upright in the
    /// natural orientation reads `y = -1 g`; `x = +1 g` is left-up.
    ///
    /// 1. Each axis is normalised to 1 g = 256 and truncated: `trunc(v * scale * 256 / 9.81)`.
    /// 2. `portrait = round(atan2(x, √(y²+z²)))` and `landscape = round(atan2(y, √(x²+z²)))`,
    ///    in degrees.
    /// 3. Both beyond ±35° (held diagonally): `previous`.
    /// 4. Else `portrait` beyond ±35°: left-up when positive, right-up when negative.
    /// 5. Else `landscape` beyond ±35°: bottom-up when positive, normal when negative.
    /// 6. Else (lying flat): `previous`.
    ///
    /// `None` is iio-sensor-proxy's "undefined": flat or diagonal with no previous orientation,
    /// or a reading that is not a finite number.
    ///
    /// ```
    /// use devprobe::AccelOrientation;
    /// let s = [0.0383203125; 3];
    /// assert_eq!(AccelOrientation::from_accel([0.0, -256.0, 0.0], s, None), Some(AccelOrientation::Normal));
    /// assert_eq!(AccelOrientation::from_accel([0.0, 0.0, 256.0], s, None), None); // flat
    /// ```
    pub fn from_accel(accel: [f64; 3], scale: [f64; 3], previous: Option<Self>) -> Option<Self> {
        let [x, y, z] = normalize(accel, scale)?;
        let degrees =
            |a: f64, b: f64, c: f64| (a.atan2((b * b + c * c).sqrt()) * 180.0 / PI).round();
        let portrait = degrees(x, y, z);
        let landscape = degrees(y, x, z);
        let up = |angle: f64| angle.abs() > THRESHOLD_DEGREES;
        // The reference also keeps a previous same-axis result when |angle| < 5°; that clause
        // can never fire once |angle| > 35°, so it is left out.
        match (up(portrait), up(landscape)) {
            (true, true) | (false, false) => previous,
            (true, false) if portrait > 0.0 => Some(AccelOrientation::LeftUp),
            (true, false) => Some(AccelOrientation::RightUp),
            (false, true) if landscape > 0.0 => Some(AccelOrientation::BottomUp),
            (false, true) => Some(AccelOrientation::Normal),
        }
    }

    /// The clockwise rotation of the content: normal 0, right-up 90, bottom-up 180, left-up 270.
    pub const fn rotation_degrees(self) -> u16 {
        match self {
            AccelOrientation::Normal => 0,
            AccelOrientation::RightUp => 90,
            AccelOrientation::BottomUp => 180,
            AccelOrientation::LeftUp => 270,
        }
    }

    /// The result whose content rotation is `degrees` (0, 90, 180, 270), else `None`.
    pub const fn from_rotation_degrees(degrees: u16) -> Option<Self> {
        match degrees {
            0 => Some(AccelOrientation::Normal),
            90 => Some(AccelOrientation::RightUp),
            180 => Some(AccelOrientation::BottomUp),
            270 => Some(AccelOrientation::LeftUp),
            _ => None,
        }
    }

    /// The W3C orientation on a device of `natural` shape: on a laptop or landscape tablet
    /// normal is `landscape_primary` and right-up `portrait_secondary`; on a phone normal is
    /// `portrait_primary` and right-up `landscape_primary`.
    pub const fn orientation(self, natural: NaturalOrientation) -> Orientation {
        natural.orientation_at(self.rotation_degrees())
    }
}

/// Each axis at 1 g = 256, truncated toward zero; `None` when any is not finite.
fn normalize(accel: [f64; 3], scale: [f64; 3]) -> Option<[f64; 3]> {
    let [ax, ay, az] = accel;
    let [sx, sy, sz] = scale;
    let v = [ax * sx, ay * sy, az * sz].map(|a| (a * 256.0 / GRAVITY).trunc());
    v.iter().all(|c| c.is_finite()).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn display(w: u32, h: u32, rot: u16, expected: Option<(Orientation, u16)>) {
        assert_eq!(from_display(DisplayInfo::new(w, h, rot)), expected);
    }

    #[test]
    fn desktop_displays() {
        use Orientation::*;
        display(1920, 1080, 0, Some((LandscapePrimary, 0)));
        display(1080, 1920, 90, Some((PortraitSecondary, 90)));
        display(1920, 1080, 180, Some((LandscapeSecondary, 180)));
        display(1080, 1920, 270, Some((PortraitPrimary, 270)));
        // A panel whose native mode is portrait, shown as it is.
        display(1080, 1920, 0, Some((PortraitPrimary, 0)));
        display(1920, 1080, 90, Some((LandscapePrimary, 90)));
        display(0, 1080, 0, None);
        display(1920, 1080, 45, None);
    }

    const S: [f64; 3] = [0.0383203125; 3];

    #[track_caller]
    fn accel(v: [f64; 3], prev: Option<AccelOrientation>, expected: Option<AccelOrientation>) {
        assert_eq!(AccelOrientation::from_accel(v, S, prev), expected);
    }

    #[test]
    fn the_four_edges_and_the_dead_zones() {
        use AccelOrientation::*;
        accel([0.0, -256.0, 0.0], None, Some(Normal));
        accel([0.0, 256.0, 0.0], None, Some(BottomUp));
        accel([256.0, 0.0, 0.0], None, Some(LeftUp));
        accel([-256.0, 0.0, 0.0], None, Some(RightUp));
        accel([0.0, 0.0, -256.0], Some(LeftUp), Some(LeftUp));
        accel([0.0, 0.0, -256.0], None, None);
        accel([200.0, -200.0, 0.0], Some(RightUp), Some(RightUp));
        accel([200.0, -200.0, 0.0], None, None);
    }

    #[test]
    fn non_finite_readings_give_nothing() {
        assert_eq!(
            AccelOrientation::from_accel([f64::NAN, -256.0, 0.0], S, None),
            None
        );
        let huge = [f64::MAX, 0.0, 0.0];
        assert_eq!(
            AccelOrientation::from_accel(huge, [f64::MAX; 3], None),
            None
        );
    }

    #[test]
    fn rotations_round_trip() {
        for o in AccelOrientation::ALL {
            assert_eq!(
                AccelOrientation::from_rotation_degrees(o.rotation_degrees()),
                Some(*o)
            );
        }
    }
}
