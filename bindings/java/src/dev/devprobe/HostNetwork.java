package dev.devprobe;

/**
 * Network facts the app pushes ({@link Collector#setNetwork}): on Android the only source of the
 * access type. Values are OpenTelemetry's: type {@code "wifi"}, {@code "wired"}, {@code "cell"},
 * {@code "unavailable"}, {@code "unknown"}; subtype {@code "lte"}, {@code "nr"}, {@code "nrnsa"},
 * {@code "lte_ca"}, {@code "hspap"}, ... (null: unknown). Immutable.
 *
 * <p>{@link #fromAndroid} turns what {@code ConnectivityManager.NetworkCallback} and
 * {@code TelephonyDisplayInfo} report into these values; {@code AndroidHost} only forwards the
 * Android numbers to it, so the whole mapping is tested on the JVM.
 */
public final class HostNetwork {
    /** No default network ({@code NetworkCallback.onLost}): type {@code "unavailable"}, offline. */
    public static final HostNetwork OFFLINE = new HostNetwork("unavailable", null, null, false);

    // android.telephony.TelephonyManager.NETWORK_TYPE_* (stable API values).
    static final String[] ANDROID_NETWORK_TYPES = {
        null, "gprs", "edge", "umts", "cdma", "evdo_0", "evdo_a", "cdma2000_1xrtt", "hsdpa", "hsupa",
        "hspa", "iden", "evdo_b", "lte", "ehrpd", "hspap", "gsm", "td_scdma", "iwlan", "lte_ca", "nr",
    };
    static final int NETWORK_TYPE_NR = 20;
    // android.telephony.TelephonyDisplayInfo.OVERRIDE_NETWORK_TYPE_*.
    static final int OVERRIDE_LTE_CA = 1;
    static final int OVERRIDE_LTE_ADVANCED_PRO = 2;
    static final int OVERRIDE_NR_NSA = 3;
    static final int OVERRIDE_NR_NSA_MMWAVE = 4;
    static final int OVERRIDE_NR_ADVANCED = 5;

    private final String connectionType;
    private final String connectionSubtype;
    private final Boolean vpn;
    private final Boolean online;

    /** Facts as the platform reports them; any may be null (unknown). */
    public HostNetwork(String connectionType, String connectionSubtype, Boolean vpn, Boolean online) {
        this.connectionType = connectionType;
        this.connectionSubtype = connectionSubtype;
        this.vpn = vpn;
        this.online = online;
    }

    /**
     * The facts of Android's default network.
     *
     * @param wifi {@code NetworkCapabilities.hasTransport(TRANSPORT_WIFI)}
     * @param cellular {@code hasTransport(TRANSPORT_CELLULAR)}
     * @param ethernet {@code hasTransport(TRANSPORT_ETHERNET)}
     * @param vpn {@code hasTransport(TRANSPORT_VPN)}
     * @param dataNetworkType {@code TelephonyDisplayInfo.getNetworkType()} (or
     *     {@code TelephonyManager.getDataNetworkType()}); 0 when unknown or not cellular
     * @param overrideNetworkType {@code TelephonyDisplayInfo.getOverrideNetworkType()}; 0 for none
     */
    public static HostNetwork fromAndroid(
            boolean wifi, boolean cellular, boolean ethernet, boolean vpn,
            int dataNetworkType, int overrideNetworkType) {
        // A VPN network carries its underlying transport too: the type is the transport's.
        String type = wifi ? "wifi" : ethernet ? "wired" : cellular ? "cell" : "unknown";
        String subtype = "cell".equals(type) ? cellSubtype(dataNetworkType, overrideNetworkType) : null;
        return new HostNetwork(type, subtype, vpn, true);
    }

    /** The cellular technology: what the display override says, else the data network type. */
    static String cellSubtype(int dataNetworkType, int overrideNetworkType) {
        switch (overrideNetworkType) {
            case OVERRIDE_LTE_CA:
                return "lte_ca";
            case OVERRIDE_LTE_ADVANCED_PRO:
                return "lte";
            case OVERRIDE_NR_NSA:
            case OVERRIDE_NR_NSA_MMWAVE:
                return "nrnsa";
            case OVERRIDE_NR_ADVANCED:
                // 5G+ on a standalone NR link, or on LTE anchored dual connectivity.
                return dataNetworkType == NETWORK_TYPE_NR ? "nr" : "nrnsa";
            default:
                break;
        }
        if (dataNetworkType <= 0 || dataNetworkType >= ANDROID_NETWORK_TYPES.length) {
            return null;
        }
        return ANDROID_NETWORK_TYPES[dataNetworkType];
    }

    /** {@code "wifi"}, {@code "wired"}, {@code "cell"}, {@code "unavailable"}, {@code "unknown"} or null. */
    public String connectionType() {
        return connectionType;
    }

    /** Cellular technology, e.g. {@code "lte"}, or null. */
    public String connectionSubtype() {
        return connectionSubtype;
    }

    /** Whether a VPN carries the traffic, or null. */
    public Boolean vpn() {
        return vpn;
    }

    /** Whether the device is online, or null. */
    public Boolean online() {
        return online;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HostNetwork)) {
            return false;
        }
        HostNetwork h = (HostNetwork) o;
        return java.util.Objects.equals(connectionType, h.connectionType)
                && java.util.Objects.equals(connectionSubtype, h.connectionSubtype)
                && java.util.Objects.equals(vpn, h.vpn)
                && java.util.Objects.equals(online, h.online);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(connectionType, connectionSubtype, vpn, online);
    }

    @Override
    public String toString() {
        return "HostNetwork{type=" + connectionType + ", subtype=" + connectionSubtype
                + ", vpn=" + vpn + ", online=" + online + "}";
    }
}
