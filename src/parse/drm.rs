//! Linux DRM connector files (`/sys/class/drm/card0-eDP-1/{status,modes}`): whether something
//! is plugged in (`"connected\n"`), and the mode list, preferred mode first
//! (`"1920x1080\n1680x1050\n..."`; an interlaced mode ends in `i`, e.g. `"1920x1080i"`).

/// Why a DRM connector file could not be understood. Each one makes the orientation `malformed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DrmError {
    /// A `status` that is not `connected`, `disconnected` or `unknown`.
    #[error("unknown connector status {0:?}")]
    Status(String),
    /// A mode that is not `WIDTHxHEIGHT` with both sides above zero, e.g. `"0x0"`.
    #[error("mode is not WIDTHxHEIGHT with both sides above zero: {0:?}")]
    Mode(String),
}

/// A connector's `status`, as the kernel spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConnectorStatus {
    /// `connected`: a panel or monitor is attached.
    Connected,
    /// `disconnected`: nothing is attached.
    Disconnected,
    /// `unknown`: the driver cannot tell (some virtual and analog outputs).
    Unknown,
}

/// Parses a connector's `status` file (`"connected\n"` → [`ConnectorStatus::Connected`]).
///
/// # Errors
/// [`DrmError::Status`] for any other word.
pub fn parse_status(text: &str) -> Result<ConnectorStatus, DrmError> {
    match text.trim() {
        "connected" => Ok(ConnectorStatus::Connected),
        "disconnected" => Ok(ConnectorStatus::Disconnected),
        "unknown" => Ok(ConnectorStatus::Unknown),
        other => Err(DrmError::Status(other.chars().take(64).collect())),
    }
}

/// A display mode's size in pixels, e.g. 1920×1080.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mode {
    /// Width in pixels, e.g. 1920.
    pub width: u32,
    /// Height in pixels, e.g. 1080.
    pub height: u32,
}

/// The preferred (first) mode of a connector's `modes` file (`"1080x1920\n..."` → 1080×1920),
/// or `None` when the file lists no mode (a disconnected or mode-less output).
///
/// # Errors
/// [`DrmError::Mode`] when the first line is not `WIDTHxHEIGHT` (optionally followed by a
/// non-digit suffix such as `i`), or either side is zero (`"0x0"`).
pub fn parse_preferred_mode(text: &str) -> Result<Option<Mode>, DrmError> {
    let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Ok(None);
    };
    parse_mode(line)
        .map(Some)
        .ok_or_else(|| DrmError::Mode(line.chars().take(64).collect()))
}

fn parse_mode(line: &str) -> Option<Mode> {
    let (w, rest) = line.split_once('x')?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let h = rest.get(..digits)?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(w) || !all_digits(h) {
        return None;
    }
    let (width, height) = (w.parse::<u32>().ok()?, h.parse::<u32>().ok()?);
    (width > 0 && height > 0).then_some(Mode { width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: Result<Option<(u32, u32)>, ()>) {
        let got = parse_preferred_mode(text)
            .map(|m| m.map(|m| (m.width, m.height)))
            .map_err(|_| ());
        assert_eq!(got, expected, "{text:?}");
    }

    #[test]
    fn preferred_mode_is_the_first_line() {
        check("1920x1080\n1680x1050\n1280x1024\n", Ok(Some((1920, 1080))));
        check("1080x1920\n", Ok(Some((1080, 1920))));
        check("1920x1080i\n", Ok(Some((1920, 1080))));
        check("\n\n720x1440\n", Ok(Some((720, 1440))));
        check("", Ok(None));
    }

    #[test]
    fn bad_modes_are_refused() {
        check("0x0\n", Err(()));
        check("1920x0\n", Err(()));
        check("x1080\n", Err(()));
        check("1920x\n", Err(()));
        check("-1920x1080\n", Err(()));
        check("abc\n", Err(()));
        check("99999999999x1080\n", Err(()));
    }

    #[test]
    fn statuses() {
        assert_eq!(parse_status("connected\n"), Ok(ConnectorStatus::Connected));
        assert_eq!(
            parse_status("disconnected\n"),
            Ok(ConnectorStatus::Disconnected)
        );
        assert_eq!(parse_status("unknown\n"), Ok(ConnectorStatus::Unknown));
        assert_eq!(parse_status("on"), Err(DrmError::Status("on".into())));
    }
}
