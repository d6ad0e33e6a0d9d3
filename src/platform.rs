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
        /// A web page in a browser (devprobe compiled to WebAssembly); the OS is whatever the
        /// browser says it runs on.
        Web => "web",
        /// A WeChat mini-program (through the `wx` adapter of the npm package).
        MiniProgram => "miniprogram",
        /// A target devprobe has no probe for; every fact is omitted `unsupported`.
        Other => "other",
    }
}

impl Platform {
    /// The OpenTelemetry `os.type` of the platform: Android is `linux`, Apple platforms `darwin`.
    /// A web page or a mini-program runs on any OS: `other` here, and the report gives the
    /// family found at run time (see [`fixed_os_type`](Self::fixed_os_type)).
    pub const fn os_type(self) -> OsType {
        match self.fixed_os_type() {
            Some(t) => t,
            None => OsType::Other,
        }
    }

    /// The `os.type` the platform alone decides, without a read; `None` for the web and
    /// mini-programs, whose OS family is read like any other fact.
    pub const fn fixed_os_type(self) -> Option<OsType> {
        match self {
            Platform::Linux | Platform::Android => Some(OsType::Linux),
            Platform::Windows => Some(OsType::Windows),
            Platform::MacOs | Platform::Ios => Some(OsType::Darwin),
            Platform::Other => Some(OsType::Other),
            Platform::Web | Platform::MiniProgram => None,
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
