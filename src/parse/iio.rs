//! Linux IIO sysfs values (`/sys/bus/iio/devices/iio:deviceN/...`): raw integer readings
//! (`in_accel_x_raw`: `"-256\n"`), scales as decimal text (`in_accel_scale`: `"0.0383203125"`,
//! `"0.009806650"`, also `"1e-06"`), and mount matrices (`in_accel_mount_matrix`:
//! `"0, -1, 0; -1, 0, 0; 0, 0, 1"`).
//!
//! Numbers are read with Rust's own parser, which never depends on the process locale: sysfs
//! always writes a `.` decimal point, and the reference implementation once misread scales under
//! locales whose separator is a comma (its `decimal_separator` tests). A comma is rejected here
//! rather than guessed at.

/// Why an IIO value could not be understood. Each one makes the orientation `malformed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IioError {
    /// A raw reading that is not a base-10 integer, e.g. `"abc"`.
    #[error("raw reading is not an integer: {0:?}")]
    NotInteger(String),
    /// A scale that is not a positive, finite decimal number, e.g. `"0"`, `"NaN"`, `"0,5"`.
    #[error("scale is not a positive finite decimal: {0:?}")]
    BadScale(String),
    /// A mount matrix that is not three `;`-separated rows of three `,`-separated numbers.
    #[error("mount matrix is not 3 rows of 3 numbers: {0:?}")]
    MatrixShape(String),
    /// A mount matrix with a row of zeros (index 0 to 2), which would erase an axis.
    #[error("mount matrix row {0} is all zeros")]
    MatrixZeroRow(usize),
}

/// At most this many characters of bad input are kept in an error.
const ECHO: usize = 64;

fn echo(text: &str) -> String {
    text.trim().chars().take(ECHO).collect()
}

/// Parses a raw reading such as `in_accel_y_raw` (`"-256\n"` → `-256`).
///
/// # Errors
/// [`IioError::NotInteger`] for anything but an optionally signed base-10 integer that fits the
/// kernel's `int` (`i32`).
pub fn parse_raw(text: &str) -> Result<i32, IioError> {
    text.trim()
        .parse::<i32>()
        .map_err(|_| IioError::NotInteger(echo(text)))
}

/// Parses a scale such as `in_accel_scale` (`"0.0383203125\n"` → `0.0383203125`; `"1e-06"` →
/// `0.000001`), in m/s² per raw unit for an accelerometer.
///
/// # Errors
/// [`IioError::BadScale`] unless the text is a decimal number (digits, `.`, an exponent) that is
/// finite and greater than zero: `"0"`, `"-1"`, `"NaN"`, `"inf"`, `"0,5"` and `""` are refused.
pub fn parse_scale(text: &str) -> Result<f64, IioError> {
    match parse_number(text) {
        Some(v) if v > 0.0 => Ok(v),
        _ => Err(IioError::BadScale(echo(text))),
    }
}

/// A finite decimal number; `None` for words (`NaN`, `inf`), commas and anything else.
fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-');
    if t.is_empty() || !t.chars().all(allowed) {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A 3×3 mount matrix: how the sensor's axes map onto the device's (row-major).
///
/// Applied as `x' = a·x + b·y + c·z`, `y' = d·x + e·y + f·z`, `z' = g·x + h·y + i·z`, each result
/// truncated toward zero, exactly as iio-sensor-proxy does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MountMatrix {
    rows: [[f64; 3]; 3],
}

impl MountMatrix {
    /// The identity: the sensor is mounted aligned with the device.
    pub const IDENTITY: MountMatrix = MountMatrix {
        rows: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
    };

    /// The rows, e.g. `[[0.0, -1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]`.
    pub fn rows(&self) -> [[f64; 3]; 3] {
        self.rows
    }

    /// The reading `v` in device axes, each component truncated toward zero
    /// (`[523, 13, 5]` through `"0, -1, 0; -1, 0, 0; 0, 0, 1"` → `[-13, -523, 5]`).
    pub fn apply(&self, v: [f64; 3]) -> [f64; 3] {
        self.rows
            .map(|[a, b, c]| (a * v[0] + b * v[1] + c * v[2]).trunc())
    }
}

impl Default for MountMatrix {
    fn default() -> Self {
        MountMatrix::IDENTITY
    }
}

/// Parses a mount matrix (`"0, -1, 0; -1, 0, 0; 0, 0, 1"`). An empty text is the identity, as
/// in the reference implementation.
///
/// # Errors
/// [`IioError::MatrixShape`] unless the text is three `;`-separated rows of three
/// `,`-separated finite numbers (so 8 or 10 elements are refused); [`IioError::MatrixZeroRow`]
/// when a row is all zeros.
pub fn parse_mount_matrix(text: &str) -> Result<MountMatrix, IioError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(MountMatrix::IDENTITY);
    }
    let shape = || IioError::MatrixShape(echo(text));
    let mut rows = [[0.0; 3]; 3];
    let mut row_texts = t.split(';');
    for row in &mut rows {
        let mut cells = row_texts.next().ok_or_else(shape)?.split(',');
        for cell in row.iter_mut() {
            *cell = cells.next().and_then(parse_number).ok_or_else(shape)?;
        }
        if cells.next().is_some() {
            return Err(shape());
        }
    }
    if row_texts.next().is_some() {
        return Err(shape());
    }
    if let Some(i) = rows.iter().position(|r| r.iter().all(|v| *v == 0.0)) {
        return Err(IioError::MatrixZeroRow(i));
    }
    Ok(MountMatrix { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_scale(text: &str, expected: Option<f64>) {
        assert_eq!(parse_scale(text).ok(), expected, "{text:?}");
    }

    #[test]
    fn scales_in_the_forms_sysfs_and_the_reference_tests_write() {
        check_scale("0.0383203125\n", Some(0.0383203125));
        check_scale("0.009806650", Some(0.00980665));
        check_scale("1e-06", Some(0.000001));
        check_scale("0.000001", Some(0.000001));
        check_scale("10", Some(10.0));
        check_scale("0", None);
        check_scale("0.000", None);
        check_scale("-0.5", None);
        check_scale("NaN", None);
        check_scale("nan", None);
        check_scale("inf", None);
        check_scale("1e999", None);
        check_scale("0,000001", None);
        check_scale("", None);
        check_scale("0.5 0.5", None);
    }

    #[test]
    fn raw_readings() {
        assert_eq!(parse_raw("-256\n"), Ok(-256));
        assert_eq!(parse_raw(" 523 "), Ok(523));
        assert_eq!(parse_raw("abc"), Err(IioError::NotInteger("abc".into())));
        assert!(parse_raw("").is_err());
        assert!(parse_raw("-25.6").is_err());
        assert!(parse_raw("2147483648").is_err());
        assert_eq!(parse_raw("-2147483648"), Ok(i32::MIN));
    }

    #[test]
    fn onda_v975_matrix_swaps_and_negates_x_and_y() {
        let m = parse_mount_matrix("0, -1, 0; -1, 0, 0; 0, 0, 1\n").unwrap();
        assert_eq!(
            m.rows(),
            [[0.0, -1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
        );
        assert_eq!(m.apply([523.0, 13.0, 5.0]), [-13.0, -523.0, 5.0]);
    }

    #[test]
    fn fractional_matrix_truncates_toward_zero() {
        let m = parse_mount_matrix("0.5, 0, 0; 0, -0.5, 0; 0, 0, 1").unwrap();
        assert_eq!(m.apply([3.0, 3.0, -7.0]), [1.0, -1.0, -7.0]);
    }

    #[test]
    fn empty_matrix_is_identity() {
        assert_eq!(parse_mount_matrix(""), Ok(MountMatrix::IDENTITY));
        assert_eq!(parse_mount_matrix("\n"), Ok(MountMatrix::IDENTITY));
    }

    #[test]
    fn bad_matrices_are_refused() {
        assert_eq!(
            parse_mount_matrix("1, 0, 0; 0, 0, 0; 0, 0, 1"),
            Err(IioError::MatrixZeroRow(1))
        );
        for bad in [
            "1, 0, 0; 0, 1, 0; 0, 0",
            "1, 0, 0; 0, 1, 0; 0, 0, 1, 0",
            "1, 0, 0; 0, 1, 0",
            "1, 0, 0; 0, 1, 0; 0, 0, 1; 1, 0, 0",
            "1, 0, 0; 0, x, 0; 0, 0, 1",
            "1, 0, 0; 0, NaN, 0; 0, 0, 1",
            "1 0 0; 0 1 0; 0 0 1",
        ] {
            assert_eq!(
                parse_mount_matrix(bad),
                Err(IioError::MatrixShape(bad.into())),
                "{bad}"
            );
        }
    }
}
