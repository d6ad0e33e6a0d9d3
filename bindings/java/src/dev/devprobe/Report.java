package dev.devprobe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device report: its JSON ({@link #json()}, what the app forwards; shape pinned by
 * {@code schema_version}) and typed getters for the facts. A getter returns null when the fact
 * is absent; {@link #omission(String)} says why. Immutable.
 */
public final class Report {
    private final Values v;
    private final Map<String, String> omitted;

    Report(String[] values) {
        v = new Values(values);
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < v.tailLength(); i += 2) {
            o.put(v.tail(i), v.tail(i + 1));
        }
        omitted = Collections.unmodifiableMap(o);
    }

    /** The report as compact JSON, e.g. {@code {"schema_version":2,...,"device":{"brand":"LG"...}}}. */
    public String json() {
        return v.get(Values.JSON);
    }

    /** Canonical consumer brand, e.g. {@code "LG"}, {@code "Samsung"}. Purpose: compatibility. */
    public String brand() {
        return v.get(Values.BRAND);
    }

    /** Raw manufacturer as the OS reports it, e.g. {@code "LGE"} ({@code Build.MANUFACTURER}). */
    public String manufacturer() {
        return v.get(Values.MANUFACTURER);
    }

    /** Human-facing model name, e.g. {@code "LG G8X ThinQ"}. Purpose: compatibility. */
    public String model() {
        return v.get(Values.MODEL);
    }

    /** Model code when it differs from the name, e.g. {@code "LM-G850"} ({@code Build.MODEL}). */
    public String modelIdentifier() {
        return v.get(Values.MODEL_IDENTIFIER);
    }

    /** OpenTelemetry {@code os.type}: {@code "linux"} (Android too), {@code "windows"}, {@code "darwin"}. */
    public String osType() {
        return v.get(Values.OS_TYPE);
    }

    /** OS name, e.g. {@code "Android"}. Purpose: compatibility. */
    public String osName() {
        return v.get(Values.OS_NAME);
    }

    /** OS version, e.g. {@code "12"}. Purpose: compatibility. */
    public String osVersion() {
        return v.get(Values.OS_VERSION);
    }

    /** OS build, e.g. {@code "SKQ1.211230.001"}. */
    public String osBuildId() {
        return v.get(Values.OS_BUILD_ID);
    }

    /** Android API level, e.g. 31. */
    public Integer sdkLevel() {
        return v.integer(Values.SDK_LEVEL);
    }

    /**
     * The egress IP address as minimized: by default the /24 (IPv4) or /48 (IPv6) network, e.g.
     * {@code "10.44.181.0"}; null with precision {@code "omit"}. Purpose: server_selection.
     */
    public String ipAddress() {
        return v.get(Values.IP_ADDRESS);
    }

    /** The kind of address: {@code "public"}, {@code "private"}, {@code "shared"}, ... */
    public String ipScope() {
        return v.get(Values.IP_SCOPE);
    }

    /** How much of the address was kept: {@code "omit"}, {@code "truncated"}, {@code "full"}. */
    public String ipPrecision() {
        return v.get(Values.IP_PRECISION);
    }

    /**
     * Network access type, OpenTelemetry {@code network.connection.type}: {@code "wifi"},
     * {@code "wired"}, {@code "cell"}, {@code "unavailable"}, {@code "unknown"}. Purpose:
     * connectivity.
     */
    public String connectionType() {
        return v.get(Values.CONNECTION_TYPE);
    }

    /** Cellular technology, e.g. {@code "lte"}, {@code "nr"}. */
    public String connectionSubtype() {
        return v.get(Values.CONNECTION_SUBTYPE);
    }

    /** Whether traffic leaves through a VPN. */
    public Boolean vpn() {
        return v.bool(Values.VPN);
    }

    /** Whether the device is online. */
    public Boolean online() {
        return v.bool(Values.ONLINE);
    }

    /**
     * Screen orientation, W3C type in snake_case: {@code "portrait_primary"},
     * {@code "portrait_secondary"}, {@code "landscape_primary"}, {@code "landscape_secondary"}.
     * Purpose: video_orientation.
     */
    public String orientation() {
        return v.get(Values.ORIENTATION);
    }

    /** Clockwise rotation of the content from the natural orientation: 0, 90, 180 or 270. */
    public Integer rotationDegrees() {
        return v.integer(Values.ROTATION_DEGREES);
    }

    /**
     * Why {@code field} (a report path, e.g. {@code "os.build_id"}) is absent: {@code "not_permitted"},
     * {@code "unsupported"}, {@code "not_found"}, {@code "malformed"}, {@code "unreadable"},
     * {@code "timed_out"}; null when it is present.
     */
    public String omission(String field) {
        return omitted.get(field);
    }

    /** Every absent field and its reason, in report order. */
    public Map<String, String> omitted() {
        return omitted;
    }

    /**
     * The report explained for people: each value with its use, and why each missing field is
     * missing.
     *
     * @param lang {@code "zh-CN"} or {@code "en"}
     * @throws DevprobeException {@code INVALID_ARGUMENT} for another language
     */
    public String explain(String lang) {
        return Native.reportExplain(json(), lang);
    }

    @Override
    public String toString() {
        return json();
    }
}
