//! What devprobe never reads, on any platform: the identifiers and personal data that could
//! single out a person or a device. The disclosures list it; the denylist test
//! (`tests/consent_denylist.rs`) proves that no probe queries any of the named sources.

use super::Text;

/// One kind of data devprobe never reads, with the sources that hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct NeverRead {
    /// What it is, e.g. "MAC addresses".
    pub what: Text,
    /// Where it lives on the platforms, e.g. `/sys/class/net/*/address`.
    pub sources: Text,
}

const fn n(zh: &'static str, en: &'static str, sources: &'static str) -> NeverRead {
    NeverRead {
        what: Text { zh, en },
        sources: Text {
            zh: sources,
            en: sources,
        },
    }
}

const fn n2(what: Text, sources: Text) -> NeverRead {
    NeverRead { what, sources }
}

/// Everything devprobe never reads.
pub static NEVER_READ: &[NeverRead] = &[
    n(
        "主机名和用户自定义的设备名称",
        "Host names and device names chosen by the user",
        "/etc/hostname, /proc/sys/kernel/hostname, ComputerName, kern.hostname",
    ),
    n(
        "用户名和账户名",
        "User names and account names",
        "$USER, /etc/passwd, GetUserName",
    ),
    n2(
        Text {
            zh: "MAC 地址、Wi-Fi 名称（SSID/BSSID）",
            en: "MAC addresses, Wi-Fi names (SSID/BSSID)",
        },
        Text {
            zh: "/sys/class/net/*/address；getifaddrs 的 AF_LINK/AF_PACKET 条目",
            en: "/sys/class/net/*/address; getifaddrs AF_LINK/AF_PACKET entries",
        },
    ),
    n(
        "硬件序列号和 UUID",
        "Hardware serial numbers and UUIDs",
        "DMI product_serial, product_uuid, board_serial, chassis_serial; ro.serialno, ro.boot.serialno; kern.uuid",
    ),
    n(
        "机器标识和安装标识",
        "Machine and installation identifiers",
        "/etc/machine-id, /var/lib/dbus/machine-id, MachineGuid, Android ID",
    ),
    n2(
        Text {
            zh: "IMEI、MEID、IMSI、ICCID 等 SIM 卡和运营商标识，以及电话号码",
            en: "IMEI, MEID, IMSI, ICCID and other SIM or carrier identifiers, phone numbers",
        },
        Text {
            zh: "名称含 imei、meid、iccid 的系统属性；电话服务接口",
            en: "*imei*, *meid*, *iccid* properties; telephony APIs",
        },
    ),
    n("广告标识符", "Advertising identifiers", "IDFA, GAID, OAID"),
    n2(
        Text {
            zh: "位置、通讯录、文件、已安装应用列表",
            en: "Location, contacts, files, the list of installed apps",
        },
        Text {
            zh: "卫星和网络定位、通讯录和媒体库、应用包管理器",
            en: "GPS and network location, contacts and media stores, package manager",
        },
    ),
];

#[cfg(test)]
mod tests {
    use super::NEVER_READ;
    use crate::source::deny;

    /// Every path, Android property and sysctl the disclosure names is refused by the sources'
    /// one deny module (registry names are checked there, by value name).
    #[test]
    fn every_named_source_is_refused() {
        let mut checked = 0;
        for entry in NEVER_READ {
            let tokens = entry
                .sources
                .en
                .split([',', ';'])
                .map(|t| t.trim().trim_start_matches("DMI ").trim());
            for token in tokens {
                let refused = if token.starts_with('/') {
                    deny::path(&token.replace('*', "eth0"))
                } else if token.starts_with("ro.") {
                    deny::property(token)
                } else if token.starts_with("kern.") {
                    deny::sysctl(token)
                } else if token.contains('_') && !token.contains(' ') {
                    deny::path(&format!("/sys/class/dmi/id/{token}"))
                } else if matches!(token, "MachineGuid" | "ComputerName") {
                    deny::registry(r"HKLM\SOFTWARE", token)
                } else {
                    continue;
                };
                assert!(
                    refused,
                    "{token} is disclosed as never read but not refused"
                );
                checked += 1;
            }
        }
        assert!(checked >= 15, "only {checked} sources checked");
    }
}
