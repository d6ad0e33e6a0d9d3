//! [`Report::explain`]: the report as a human-readable listing for the app's "what does this
//! app collect about me" screen — each field, its value, what it is used for, and why each
//! missing field is missing — in zh-CN or en. Texts come from the catalog.

use std::fmt::Write as _;

use crate::consent::Purpose;
use crate::consent::catalog::{self, Catalog};
use crate::field::Field;
use crate::lang::Lang;
use crate::report::{
    CellularGeneration, ConnectionSubtype, ConnectionType, EffectiveType, Ip, IpPrecision, IpScope,
    OmitReason, Orientation, OsType, Report,
};

impl Report {
    /// The report as a listing for people, grouped by purpose, in `lang`.
    ///
    /// ```
    /// use devprobe::source::Snapshot;
    /// use devprobe::{Collector, Consent, Lang, Platform, Purpose};
    /// let consent = Consent::new();
    /// let collector = Collector::builder(consent.clone()).source(Snapshot::new(Platform::Linux)).build();
    /// consent.grant([Purpose::Compatibility]);
    /// let text = collector.collect()?.explain(Lang::En);
    /// assert!(text.contains("OS family (os.type): linux"));
    /// assert!(text.contains("Video orientation — not collected: you did not agree to this use."));
    /// # Ok::<(), devprobe::Error>(())
    /// ```
    pub fn explain(&self, lang: Lang) -> String {
        let catalog = Catalog::current();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "本应用读取的设备信息",
                "What this app read about your device"
            )
        );
        let _ = writeln!(
            out,
            "{} {} · {} {} · {} {}",
            lang.pick("时间", "Collected at"),
            self.collected_at,
            lang.pick("目录版本", "catalog version"),
            self.catalog_version,
            lang.pick("平台", "platform"),
            self.platform
        );
        for purpose in Purpose::ALL {
            let label = catalog::purpose_label(*purpose, lang);
            let _ = writeln!(out);
            if !self.purposes.contains(purpose) {
                let _ = writeln!(
                    out,
                    "{label} — {}",
                    lang.pick(
                        "未收集：您未同意此用途。",
                        "not collected: you did not agree to this use."
                    )
                );
                continue;
            }
            let _ = writeln!(out, "{label} — {}", catalog::purpose_use(*purpose, lang));
            for entry in catalog.entries().iter().filter(|e| e.purpose == *purpose) {
                let f = entry.field;
                let line = match (field_value(self, f, lang), self.omission(f)) {
                    (Some(value), _) => value,
                    (None, reason) => format!(
                        "{} — {}",
                        lang.pick("未收集", "not collected"),
                        reason_text(reason.unwrap_or(OmitReason::NotFound), lang)
                    ),
                };
                let _ = writeln!(out, "  {} ({f}): {line}", entry.label.get(lang));
            }
        }
        out
    }
}

/// Why a field the user agreed to is missing. `not_permitted` here means the field is newer
/// than the grant (a purpose not granted is explained for the whole purpose).
fn reason_text(reason: OmitReason, lang: Lang) -> &'static str {
    match reason {
        OmitReason::NotPermitted => lang.pick(
            "在您同意之后新增，需要您再次同意",
            "added after you agreed; it needs your consent again",
        ),
        OmitReason::Unsupported => lang.pick(
            "此设备或系统无法提供",
            "this device or system offers no way to read it",
        ),
        OmitReason::NotFound => lang.pick("设备上没有此信息", "the device does not have it"),
        OmitReason::Malformed => lang.pick(
            "设备上的值无法识别",
            "the device's value could not be understood",
        ),
        OmitReason::Unreadable => {
            lang.pick("系统不允许读取", "the system did not allow reading it")
        }
        OmitReason::TimedOut => lang.pick("读取超时", "reading it took too long"),
    }
}

fn yes_no(b: bool, lang: Lang) -> String {
    if b {
        lang.pick("是", "yes")
    } else {
        lang.pick("否", "no")
    }
    .to_owned()
}

/// Generates `field_value` from the field table: each field's value in words by its kind.
macro_rules! explain_values {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal
        { $group:ident . $member:ident, $purpose:ident, $kind:ident } )*) => {
        /// The value of `field` in words, or `None` when it is absent.
        fn field_value(r: &Report, field: Field, lang: Lang) -> Option<String> {
            match field {
                $( Field::$variant => r.$group.$member.as_ref().map(|v| kind::$kind(v, lang)), )*
            }
        }
    };
}

crate::field::field_table!(explain_values);

/// A value in words, one function per kind of the field table.
mod kind {
    use super::{
        CellularGeneration, ConnectionSubtype, ConnectionType, EffectiveType, Ip, Lang,
        Orientation, OsType, connection_text, orientation_text, precision_text, scope_text, yes_no,
    };

    pub(super) fn text(v: &str, _: Lang) -> String {
        v.to_owned()
    }

    pub(super) fn os_type(v: &OsType, _: Lang) -> String {
        v.as_str().to_owned()
    }

    pub(super) fn level(v: &u32, _: Lang) -> String {
        v.to_string()
    }

    pub(super) fn ip(ip: &Ip, lang: Lang) -> String {
        let address = ip.address.map_or_else(String::new, |a| format!("{a} "));
        format!(
            "{address}({}; {})",
            precision_text(ip.precision, lang),
            scope_text(ip.scope, lang)
        )
    }

    pub(super) fn connection_type(v: &ConnectionType, lang: Lang) -> String {
        connection_text(*v, lang).to_owned()
    }

    pub(super) fn connection_subtype(v: &ConnectionSubtype, _: Lang) -> String {
        v.as_str().to_owned()
    }

    pub(super) fn effective_type(v: &EffectiveType, _: Lang) -> String {
        v.as_str().to_owned()
    }

    pub(super) fn cellular_generation(v: &CellularGeneration, _: Lang) -> String {
        v.as_str().to_uppercase()
    }

    pub(super) fn flag(v: &bool, lang: Lang) -> String {
        yes_no(*v, lang)
    }

    pub(super) fn orientation(v: &Orientation, lang: Lang) -> String {
        orientation_text(*v, lang).to_owned()
    }

    pub(super) fn rotation(degrees: &u16, _: Lang) -> String {
        format!("{degrees}°")
    }
}

fn precision_text(p: IpPrecision, lang: Lang) -> &'static str {
    match p {
        IpPrecision::Omit => lang.pick("不保留地址", "address not kept"),
        IpPrecision::Truncated => lang.pick(
            "已截断为网段：IPv4 /24、IPv6 /48",
            "cut to its network: IPv4 /24, IPv6 /48",
        ),
        IpPrecision::Full => lang.pick("完整地址", "full address"),
    }
}

fn scope_text(s: IpScope, lang: Lang) -> &'static str {
    match s {
        IpScope::Public => lang.pick("公网地址", "public address"),
        IpScope::Private => lang.pick("私有网络地址", "private network address"),
        IpScope::Shared => lang.pick("运营商共享地址", "carrier-shared address"),
        IpScope::LinkLocal => lang.pick("链路本地地址", "link-local address"),
        IpScope::Loopback => lang.pick("本机回环地址", "loopback address"),
        IpScope::UniqueLocal => lang.pick("唯一本地地址", "unique local address"),
    }
}

fn connection_text(t: ConnectionType, lang: Lang) -> &'static str {
    match t {
        ConnectionType::Wifi => lang.pick("Wi-Fi", "Wi-Fi"),
        ConnectionType::Wired => lang.pick("有线网络", "wired"),
        ConnectionType::Cell => lang.pick("蜂窝移动网络", "cellular"),
        ConnectionType::Unavailable => lang.pick("无网络", "no network"),
        ConnectionType::Unknown => {
            lang.pick("已联网，类型无法判断", "online, kind of link not known")
        }
    }
}

fn orientation_text(o: Orientation, lang: Lang) -> &'static str {
    match o {
        Orientation::PortraitPrimary => lang.pick("竖屏", "portrait"),
        Orientation::PortraitSecondary => lang.pick("竖屏（倒置）", "portrait, upside down"),
        Orientation::LandscapePrimary => lang.pick("横屏", "landscape"),
        Orientation::LandscapeSecondary => {
            lang.pick("横屏（反向）", "landscape, turned the other way")
        }
    }
}
