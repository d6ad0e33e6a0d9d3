package dev.devprobe;

/**
 * The typed values the native side passes with a report or a change: a {@code String[]} of the
 * JSON, then one slot per fact (null when absent), then a tail. The layout is
 * {@code crates/devprobe-jni/src/values.rs}'s; each slot comes from the typed Rust field, so
 * nothing here parses JSON.
 */
final class Values {
    static final int JSON = 0;
    static final int BRAND = 1;
    static final int MANUFACTURER = 2;
    static final int MODEL = 3;
    static final int MODEL_IDENTIFIER = 4;
    static final int OS_TYPE = 5;
    static final int OS_NAME = 6;
    static final int OS_VERSION = 7;
    static final int OS_BUILD_ID = 8;
    static final int IP_ADDRESS = 9;
    static final int IP_SCOPE = 10;
    static final int IP_PRECISION = 11;
    static final int CONNECTION_TYPE = 12;
    static final int CONNECTION_SUBTYPE = 13;
    static final int VPN = 14;
    static final int ONLINE = 15;
    static final int ORIENTATION = 16;
    static final int ROTATION_DEGREES = 17;
    static final int SDK_LEVEL = 18;
    /** Where the tail (omissions of a report, changed fields of a change) starts. */
    static final int TAIL = 19;

    private final String[] v;

    Values(String[] values) {
        if (values == null || values.length < TAIL || values[JSON] == null) {
            throw new DevprobeException(DevprobeException.Code.INTERNAL, "malformed values from the native side");
        }
        this.v = values;
    }

    String get(int slot) {
        return v[slot];
    }

    Boolean bool(int slot) {
        return v[slot] == null ? null : Boolean.valueOf(v[slot]);
    }

    Integer integer(int slot) {
        return v[slot] == null ? null : Integer.valueOf(v[slot]);
    }

    int tailLength() {
        return v.length - TAIL;
    }

    String tail(int i) {
        return v[TAIL + i];
    }
}
