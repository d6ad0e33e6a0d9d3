//! The rows of the current catalog (version 2: `network.effective_type`, for the web, and the
//! four path fields after `network.ipv6` are new in it): one per report field, in report order, with
//! the texts shown to users (zh-CN and en) and the sources each platform reads.

use super::{Entry, Frequency, Sensitivity, Sources, Text};
use crate::consent::Purpose;
use crate::field::Field;

const fn t(zh: &'static str, en: &'static str) -> Text {
    Text { zh, en }
}

const DEVICE_SOURCES: Sources = Sources {
    linux: t(
        "/sys/class/dmi/id/ 下的 sys_vendor、product_name、product_version、product_family、board_vendor、board_name；设备树的 model、compatible（/proc/device-tree/ 或 /sys/firmware/devicetree/base/）",
        "/sys/class/dmi/id/{sys_vendor, product_name, product_version, product_family, board_vendor, board_name}; the device tree's model and compatible (/proc/device-tree/ or /sys/firmware/devicetree/base/)",
    ),
    android: t(
        "系统属性 ro.product.brand、ro.product.manufacturer、ro.product.model、ro.product.marketname（及 product/odm/vendor/system_ext/system 分区的同名属性、厂商的市场名称属性）",
        "system properties ro.product.brand, ro.product.manufacturer, ro.product.model, ro.product.marketname (and their product/odm/vendor/system_ext/system partition variants, vendors' market-name properties)",
    ),
    windows: t(
        "注册表 HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS 的 SystemManufacturer、SystemProductName、SystemVersion、SystemFamily、BaseBoardManufacturer、BaseBoardProduct",
        "registry HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS: SystemManufacturer, SystemProductName, SystemVersion, SystemFamily, BaseBoardManufacturer, BaseBoardProduct",
    ),
    apple: t(
        "sysctl hw.model（macOS）、hw.machine（iOS）",
        "sysctl hw.model (macOS), hw.machine (iOS)",
    ),
    web: t(
        "网页：不读取品牌；Android 上 User-Agent Client Hints 的 model。小程序：wx.getDeviceInfo() 的 brand、model",
        "web: no brand; on Android the User-Agent Client Hints model. Mini-program: wx.getDeviceInfo() brand, model",
    ),
};

const OS_SOURCES: Sources = Sources {
    linux: t(
        "/etc/os-release、/usr/lib/os-release（旧系统读 lsb-release、*-release、debian_version）；/proc/sys/kernel/osrelease",
        "/etc/os-release, /usr/lib/os-release (lsb-release, *-release, debian_version on older systems); /proc/sys/kernel/osrelease",
    ),
    android: t(
        "系统属性 ro.build.version.release、ro.build.version.sdk、ro.build.id、ro.build.display.id（及用于核对构建号的 ro.product.model）",
        "system properties ro.build.version.release, ro.build.version.sdk, ro.build.id, ro.build.display.id (and ro.product.model, to check the build id)",
    ),
    windows: t(
        "RtlGetVersion；注册表 HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
        "RtlGetVersion; registry HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
    ),
    apple: t(
        "sysctl kern.osproductversion、kern.osproductversioncompat、kern.osversion、kern.osrelease",
        "sysctl kern.osproductversion, kern.osproductversioncompat, kern.osversion, kern.osrelease",
    ),
    web: t(
        "网页：User-Agent Client Hints（platform、platformVersion），没有时读 navigator.userAgent。小程序：wx.getDeviceInfo() 的 system",
        "web: User-Agent Client Hints (platform, platformVersion), else navigator.userAgent. Mini-program: wx.getDeviceInfo() system",
    ),
};

const OS_TYPE_SOURCES: Sources = Sources {
    linux: t(
        "编译目标平台（不读取设备）",
        "the build target (nothing is read)",
    ),
    android: t(
        "编译目标平台（不读取设备）",
        "the build target (nothing is read)",
    ),
    windows: t(
        "编译目标平台（不读取设备）",
        "the build target (nothing is read)",
    ),
    apple: t(
        "编译目标平台（不读取设备）",
        "the build target (nothing is read)",
    ),
    web: t(
        "网页：User-Agent Client Hints 的 platform，没有时读 navigator.userAgent。小程序：wx.getDeviceInfo() 的 system",
        "web: the User-Agent Client Hints platform, else navigator.userAgent. Mini-program: wx.getDeviceInfo() system",
    ),
};

const IP_SOURCES: Sources = Sources {
    linux: t(
        "按策略路由规则和各路由表（rtnetlink 查询；否则 /proc/net/route、/proc/net/ipv6_route）选出的出口网卡的地址（getifaddrs）",
        "the address of the egress interface chosen by the routing rules and tables (rtnetlink dumps; else /proc/net/route, /proc/net/ipv6_route; getifaddrs)",
    ),
    android: t(
        "默认网络网卡的地址（getifaddrs）",
        "the default network interface's address (getifaddrs)",
    ),
    windows: t(
        "GetAdaptersAddresses、GetIfEntry2（是否为硬件网卡）",
        "GetAdaptersAddresses, GetIfEntry2 (whether an adapter is hardware)",
    ),
    apple: t(
        "路由表（sysctl NET_RT_DUMP）中默认路由网卡的地址（getifaddrs）",
        "the address of the default route's interface (routing table, sysctl NET_RT_DUMP; getifaddrs)",
    ),
    web: t(
        "不读取（网页和小程序无法读取本机地址）",
        "not read (a page or mini-program cannot read it)",
    ),
};

const NETWORK_SOURCES: Sources = Sources {
    linux: t(
        "策略路由规则和各路由表（rtnetlink 查询；否则 /proc/net/route、/proc/net/ipv6_route）；/sys/class/net/<网卡>/ 下的 type、uevent、operstate、carrier、tun_flags，其 wireless、bridge、brif、phy80211、device 条目是否存在（链接目标读后即弃），以及该目录（叠加链路时）和 brif/ 的条目名",
        "routing rules and tables (rtnetlink dumps; else /proc/net/route, /proc/net/ipv6_route); /sys/class/net/<interface>/{type, uevent, operstate, carrier, tun_flags}, whether its wireless, bridge, brif, phy80211 and device entries exist (a link's target is read and dropped), and the entry names of that folder (for stacked links) and its brif/",
    ),
    android: t(
        "由应用推送（ConnectivityManager）；否则按网卡列表判断",
        "pushed by the app (ConnectivityManager); else the interface list",
    ),
    windows: t(
        "GetAdaptersAddresses（网卡类型、路由跃点数）；GetIfEntry2（是否为硬件网卡、物理介质类型）",
        "GetAdaptersAddresses (interface type, route metric); GetIfEntry2 (hardware or virtual, physical medium)",
    ),
    apple: t(
        "由应用推送（NWPathMonitor）；否则按路由表（sysctl NET_RT_DUMP）和网卡列表判断（getifaddrs）",
        "pushed by the app (NWPathMonitor); else the routing table (sysctl NET_RT_DUMP) and the interface list (getifaddrs)",
    ),
    web: t(
        "网页：navigator.connection（type、effectiveType）、navigator.onLine。小程序：wx.getNetworkType()、wx.onNetworkStatusChange",
        "web: navigator.connection (type, effectiveType), navigator.onLine. Mini-program: wx.getNetworkType(), wx.onNetworkStatusChange",
    ),
};

const COST_SOURCES: Sources = Sources {
    linux: t(
        "仅由应用推送（不按网络类型推测）",
        "pushed by the app only (never guessed from the access type)",
    ),
    android: t(
        "由应用推送（NetworkCapabilities 的 NET_CAPABILITY_NOT_METERED；ConnectivityManager.getRestrictBackgroundStatus 流量节省模式）",
        "pushed by the app (NetworkCapabilities NET_CAPABILITY_NOT_METERED; ConnectivityManager.getRestrictBackgroundStatus, Data Saver)",
    ),
    windows: t(
        "GetNetworkConnectivityHint（网络费用类型、接近或超出流量上限、漫游）",
        "GetNetworkConnectivityHint (connection cost, approaching or over the data limit, roaming)",
    ),
    apple: t(
        "由应用推送（NWPath 的 isExpensive、isConstrained 低数据模式）",
        "pushed by the app (NWPath isExpensive, isConstrained: Low Data Mode)",
    ),
    web: t("网页与小程序：不读取", "web and mini-program: not read"),
};

const GENERATION_SOURCES: Sources = Sources {
    linux: t(
        "由应用推送的蜂窝网络制式",
        "the cellular technology pushed by the app",
    ),
    android: t(
        "由应用推送（TelephonyManager 的数据网络类型、TelephonyDisplayInfo 的显示类型）",
        "pushed by the app (TelephonyManager data network type, TelephonyDisplayInfo override)",
    ),
    windows: t(
        "由应用推送的蜂窝网络制式",
        "the cellular technology pushed by the app",
    ),
    apple: t(
        "由应用推送（CTTelephonyNetworkInfo 的无线接入技术）",
        "pushed by the app (CTTelephonyNetworkInfo radio access technology)",
    ),
    web: t(
        "网页：不读取（effectiveType 是网速等级，见 network.effective_type）。小程序：wx.getNetworkType()",
        "web: not read (effectiveType is a speed class: network.effective_type). Mini-program: wx.getNetworkType()",
    ),
};

const NAT64_SOURCES: Sources = Sources {
    linux: t(
        "网卡列表中的 CLAT 网卡（clat4、v4-*）；/proc/net/ipv6_route 中到 64:ff9b::/96 的路由；不发送 DNS64 查询",
        "a CLAT interface in the interface list (clat4, v4-*); a route to 64:ff9b::/96 in /proc/net/ipv6_route; no DNS64 query is sent",
    ),
    android: t(
        "网卡列表中的 CLAT 网卡（v4-*）；不发送 DNS64 查询",
        "a CLAT interface in the interface list (v4-*); no DNS64 query is sent",
    ),
    windows: t("不读取（不支持）", "not read (unsupported)"),
    apple: t("不读取（不支持）", "not read (unsupported)"),
    web: t("网页与小程序：不读取", "web and mini-program: not read"),
};

const SCREEN_SOURCES: Sources = Sources {
    linux: t(
        "由应用推送；加速度计 /sys/bus/iio/devices/*/（name、label、location、in_accel_*、mount_matrix）；显示屏 /sys/class/drm/card*-*/（status、modes）；/sys/class/dmi/id/chassis_type",
        "pushed by the app; accelerometer /sys/bus/iio/devices/*/{name, label, location, in_accel_*, mount_matrix}; panel /sys/class/drm/card*-*/{status, modes}; /sys/class/dmi/id/chassis_type",
    ),
    android: t("由应用推送", "pushed by the app"),
    windows: t(
        "由应用推送；否则 EnumDisplaySettingsW（主显示器尺寸和方向）",
        "pushed by the app; else EnumDisplaySettingsW (primary display size and orientation)",
    ),
    apple: t(
        "由应用推送；macOS 另读 CGDisplayRotation、CGDisplayBounds（主显示器）",
        "pushed by the app; on macOS also CGDisplayRotation, CGDisplayBounds (main display)",
    ),
    web: t(
        "网页：screen.orientation（type、angle），没有时按窗口宽高比。小程序：wx.getWindowInfo()、wx.onDeviceMotionChange",
        "web: screen.orientation (type, angle), else the window aspect ratio. Mini-program: wx.getWindowInfo(), wx.onDeviceMotionChange",
    ),
};

/// Generates `purpose_of` from the field table.
macro_rules! purposes {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal
        { $group:ident . $member:ident, $purpose:ident, $kind:ident } )*) => {
        /// The purpose `field` is collected for.
        pub(crate) const fn purpose_of(field: Field) -> Purpose {
            match field { $( Field::$variant => Purpose::$purpose, )* }
        }
    };
}

crate::field::field_table!(purposes);

/// A catalog entry new in catalog `since` (a material change: older grants do not cover it).
const fn entry_since(since: u32, field: Field, label: Text, sources: &'static Sources) -> Entry {
    let mut e = entry(field, label, sources);
    e.since = since;
    e
}

/// A catalog entry: the purpose comes from the field table, the rest by purpose.
const fn entry(field: Field, label: Text, sources: &'static Sources) -> Entry {
    let purpose = purpose_of(field);
    let (frequency, sensitivity) = match purpose {
        Purpose::Compatibility => (Frequency::OncePerCollector, Sensitivity::Low),
        Purpose::ServerSelection => (Frequency::PerCollection, Sensitivity::Moderate),
        Purpose::Connectivity | Purpose::VideoOrientation => {
            (Frequency::PerCollection, Sensitivity::Low)
        }
    };
    Entry {
        field,
        purpose,
        frequency,
        sensitivity,
        label,
        sources,
        since: 1,
    }
}

use Field as F;

/// The catalog, one entry per [`Field`], in report order.
pub static ENTRIES: &[Entry] = TABLE;

/// The entries of [`ENTRIES`], as a constant the consent gate's rules are derived from at
/// compile time (`super::RULES`).
pub(super) const TABLE: &[Entry] = &[
    entry(
        F::DeviceBrand,
        t("设备品牌", "Device brand"),
        &DEVICE_SOURCES,
    ),
    entry(
        F::DeviceManufacturer,
        t("设备制造商", "Device manufacturer"),
        &DEVICE_SOURCES,
    ),
    entry(
        F::DeviceModel,
        t("设备型号", "Device model"),
        &DEVICE_SOURCES,
    ),
    entry(
        F::DeviceModelIdentifier,
        t("设备型号代码", "Device model code"),
        &DEVICE_SOURCES,
    ),
    entry(F::OsType, t("操作系统类型", "OS family"), &OS_TYPE_SOURCES),
    entry(F::OsId, t("操作系统发行版", "OS distribution"), &OS_SOURCES),
    entry(F::OsName, t("操作系统名称", "OS name"), &OS_SOURCES),
    entry(F::OsVersion, t("操作系统版本", "OS version"), &OS_SOURCES),
    entry(F::OsBuildId, t("操作系统构建号", "OS build"), &OS_SOURCES),
    entry(
        F::OsDisplayVersion,
        t("操作系统发布版本名", "OS release name"),
        &OS_SOURCES,
    ),
    entry(
        F::OsSdkLevel,
        t("Android API 级别", "Android API level"),
        &OS_SOURCES,
    ),
    entry(
        F::OsKernelVersion,
        t("内核版本", "Kernel version"),
        &OS_SOURCES,
    ),
    entry(
        F::NetworkIp,
        t("IP 地址（默认截断）", "IP address (truncated by default)"),
        &IP_SOURCES,
    ),
    entry(
        F::NetworkConnectionType,
        t("网络接入类型", "Network access type"),
        &NETWORK_SOURCES,
    ),
    entry(
        F::NetworkConnectionSubtype,
        t("蜂窝网络制式", "Cellular technology"),
        &NETWORK_SOURCES,
    ),
    Entry {
        since: 2,
        ..entry(
            F::NetworkEffectiveType,
            t(
                "网速等级（浏览器测得）",
                "Connection speed class (measured by the browser)",
            ),
            &NETWORK_SOURCES,
        )
    },
    entry(
        F::NetworkVpn,
        t("是否使用 VPN", "VPN in use"),
        &NETWORK_SOURCES,
    ),
    entry(F::NetworkOnline, t("是否联网", "Online"), &NETWORK_SOURCES),
    entry(
        F::NetworkIpv4,
        t("IPv4 可用性", "IPv4 available"),
        &NETWORK_SOURCES,
    ),
    entry(
        F::NetworkIpv6,
        t("IPv6 可用性", "IPv6 available"),
        &NETWORK_SOURCES,
    ),
    entry_since(
        2,
        F::NetworkMetered,
        t("是否按流量计费", "Metered network"),
        &COST_SOURCES,
    ),
    entry_since(
        2,
        F::NetworkConstrained,
        t("是否处于省流量模式", "Data-saving mode"),
        &COST_SOURCES,
    ),
    entry_since(
        2,
        F::NetworkCellularGeneration,
        t("蜂窝网络代际（2G–5G）", "Cellular generation (2G–5G)"),
        &GENERATION_SOURCES,
    ),
    entry_since(
        2,
        F::NetworkNat64,
        t("是否经 NAT64 访问 IPv4", "IPv4 through NAT64"),
        &NAT64_SOURCES,
    ),
    entry(
        F::ScreenOrientation,
        t("屏幕方向", "Screen orientation"),
        &SCREEN_SOURCES,
    ),
    entry(
        F::ScreenRotationDegrees,
        t("屏幕旋转角度", "Screen rotation"),
        &SCREEN_SOURCES,
    ),
];
