//! The platform vocabulary every layer shares: which platform a source describes and its
//! OpenTelemetry `os.type`. Which platform this build runs on is decided in one place only,
//! the live source (`Platform::current`, in `source/live`).

use crate::text_enum::text_enum;

text_enum! {
    /// The platform a report describes (the `platform` member), e.g. `"linux"`.
    #[non_exhaustive]
    pub enum Platform: "platform" {
        /// Desktop, server or embedded Linux.
        Linux => "linux",
        /// Android (phones, tablets, TV).
        Android => "android",
        /// Windows (client and server).
        Windows => "windows",
        /// macOS.
        MacOs => "macos",
        /// iOS and iPadOS.
        Ios => "ios",
        /// A target devprobe has no probe for; every fact is omitted `unsupported`.
        Other => "other",
    }
}

impl Platform {
    /// The OpenTelemetry `os.type` of the platform: Android is `linux`, Apple platforms `darwin`.
    pub const fn os_type(self) -> OsType {
        match self {
            Platform::Linux | Platform::Android => OsType::Linux,
            Platform::Windows => OsType::Windows,
            Platform::MacOs | Platform::Ios => OsType::Darwin,
            Platform::Other => OsType::Other,
        }
    }
}

text_enum! {
    /// The OpenTelemetry `os.type` value (`os.type`), e.g. `"linux"`.
    #[non_exhaustive]
    pub enum OsType: "os type" {
        /// Linux kernels, Android included.
        Linux => "linux",
        /// Windows NT.
        Windows => "windows",
        /// Apple's Darwin: macOS, iOS, iPadOS.
        Darwin => "darwin",
        /// Any other system.
        Other => "other",
    }
}
