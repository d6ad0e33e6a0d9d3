package dev.devprobe;

/**
 * A devprobe call that could not proceed, with a stable {@link Code}. Facts that cannot be read
 * are not exceptions: they are omissions in the {@link Report}.
 */
public final class DevprobeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the call failed. The numbers are those of the native side and never change. */
    public enum Code {
        /** No purpose is granted (never asked, or withdrawn): nothing was read. */
        CONSENT_REQUIRED(1),
        /** A minor's grant without a guardian's consent was refused. */
        GUARDIAN_CONSENT_REQUIRED(2),
        /** A stored grant is not a grant (bad JSON, wrong shape); consent is unchanged. */
        INVALID_GRANT(3),
        /** A stored grant names a purpose this build does not know; consent is unchanged. */
        UNKNOWN_PURPOSE(4),
        /** A stored grant comes from a newer catalog; consent is unchanged. */
        FUTURE_CATALOG(5),
        /** A snapshot folder could not be loaded. */
        SNAPSHOT(6),
        /** A purpose the call needs is not granted. */
        NOT_GRANTED(7),
        /** An argument is null or out of range. */
        INVALID_ARGUMENT(8),
        /** The consent, collector or subscription was closed. */
        CLOSED(9),
        /** A bug inside devprobe (caught; the VM is unharmed). */
        INTERNAL(10);

        /** The number the native side uses. */
        public final int value;

        Code(int value) {
            this.value = value;
        }

        static Code of(int value) {
            for (Code c : values()) {
                if (c.value == value) {
                    return c;
                }
            }
            return INTERNAL;
        }
    }

    private final Code code;

    /** Called by the native side. */
    DevprobeException(int code, String message) {
        this(Code.of(code), message);
    }

    DevprobeException(Code code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** Why the call failed. */
    public Code code() {
        return code;
    }
}
