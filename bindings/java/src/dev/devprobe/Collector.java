package dev.devprobe;

/**
 * Collects {@link Report}s of the facts whose purpose is granted, and takes the facts only the
 * app knows on Android: the network ({@link #setNetwork}) and the screen rotation
 * ({@link #setAndroidOrientation}); see {@code AndroidHost} in {@code bindings/java/android}.
 *
 * <pre>{@code
 * try (Collector collector = new Collector(consent)) {
 *     Report report = collector.collect();
 *     send(report.json());
 * }
 * }</pre>
 *
 * Thread-safe; {@link #collect()} takes at most the deadline (200 ms by default), so call it off
 * the main thread.
 */
public final class Collector implements AutoCloseable {
    private final long id;

    /** A collector of the live device, gated by {@code consent}, with the default settings. */
    public Collector(Consent consent) {
        this(new Builder(consent));
    }

    private Collector(Builder b) {
        if (b.consent == null) {
            throw new DevprobeException(DevprobeException.Code.INVALID_ARGUMENT, "consent is null");
        }
        id = Native.collectorNew(b.consent.id, b.ipPrecision, b.deadlineMs, b.minRefreshMs, b.snapshotDir);
    }

    /** A builder for a collector gated by {@code consent}. */
    public static Builder builder(Consent consent) {
        return new Builder(consent);
    }

    /** Settings of a {@link Collector}. */
    public static final class Builder {
        private final Consent consent;
        private String ipPrecision;
        private long deadlineMs = -1;
        private long minRefreshMs = -1;
        private String snapshotDir;

        private Builder(Consent consent) {
            this.consent = consent;
        }

        /** How much of the IP address to report: {@code "omit"}, {@code "truncated"} (default: /24, /48) or {@code "full"}. */
        public Builder ipPrecision(String precision) {
            this.ipPrecision = precision;
            return this;
        }

        /**
         * The most a collect may take, in milliseconds (default 200).
         *
         * @throws DevprobeException {@code INVALID_ARGUMENT} when {@code ms} is negative
         */
        public Builder deadlineMillis(long ms) {
            this.deadlineMs = nonNegative(ms, "deadlineMillis");
            return this;
        }

        /**
         * How old network and screen facts may be before they are read again (default 1000 ms).
         *
         * @throws DevprobeException {@code INVALID_ARGUMENT} when {@code ms} is negative
         */
        public Builder minRefreshMillis(long ms) {
            this.minRefreshMs = nonNegative(ms, "minRefreshMillis");
            return this;
        }

        /** A negative value would silently mean "the default" to the native side: refuse it. */
        private static long nonNegative(long ms, String what) {
            if (ms < 0) {
                throw new DevprobeException(
                        DevprobeException.Code.INVALID_ARGUMENT, what + " must not be negative, not " + ms);
            }
            return ms;
        }

        /** Read a captured snapshot folder instead of the live device (tests, bug reports). */
        public Builder snapshot(String dir) {
            this.snapshotDir = dir;
            return this;
        }

        /**
         * The collector.
         *
         * @throws DevprobeException {@code INVALID_ARGUMENT} (null consent, unknown precision),
         *     {@code SNAPSHOT} (unusable folder), {@code CLOSED} (closed consent)
         */
        public Collector build() {
            return new Collector(this);
        }
    }

    /**
     * Collects a report.
     *
     * @throws DevprobeException {@code CONSENT_REQUIRED} when nothing is granted (nothing is
     *     read), {@code CLOSED}
     */
    public Report collect() {
        return new Report(Native.collectorCollect(id));
    }

    /**
     * Pushes Android's {@code Display.getRotation()} (0..3, {@code Surface.ROTATION_*}) and whether
     * the device's natural orientation is landscape (tablets, TVs).
     *
     * @throws DevprobeException {@code INVALID_ARGUMENT} for a rotation outside 0..3
     */
    public void setAndroidOrientation(int rotation, boolean naturalLandscape) {
        Native.collectorSetAndroidOrientation(id, rotation, naturalLandscape);
    }

    /**
     * Pushes a W3C screen orientation ({@code "landscape-primary"}, ...) and angle (0, 90, 180,
     * 270; negative for unknown), e.g. from a web view.
     *
     * @throws DevprobeException {@code INVALID_ARGUMENT} for null or unknown values
     */
    public void setOrientation(String w3cType, int angleDegrees) {
        Native.collectorSetOrientation(id, w3cType, angleDegrees);
    }

    /**
     * Pushes the network facts the platform reports (on Android the only source of the access
     * type).
     *
     * @throws DevprobeException {@code INVALID_ARGUMENT} for null or a value outside the
     *     OpenTelemetry vocabulary
     */
    public void setNetwork(HostNetwork network) {
        if (network == null) {
            throw new DevprobeException(DevprobeException.Code.INVALID_ARGUMENT, "network is null");
        }
        Native.collectorSetNetwork(
                id, network.connectionType(), network.connectionSubtype(),
                tri(network.vpn()), tri(network.online()));
    }

    private static int tri(Boolean b) {
        return b == null ? -1 : (b ? 1 : 0);
    }

    /**
     * Delivers each network or orientation change to {@code listener}, on one thread
     * ({@code devprobe-subscription}) attached to the VM once, until {@link Subscription#close()}
     * or withdrawal.
     *
     * @throws DevprobeException {@code CONSENT_REQUIRED} when none of connectivity,
     *     server_selection, video_orientation is granted; {@code INVALID_ARGUMENT} for null
     */
    public Subscription subscribe(Subscription.Listener listener) {
        if (listener == null) {
            throw new DevprobeException(DevprobeException.Code.INVALID_ARGUMENT, "listener is null");
        }
        Subscription s = new Subscription(listener);
        s.id = Native.collectorSubscribe(id, s);
        return s;
    }

    /** Frees the collector; later calls throw {@code CLOSED}. Closing twice is allowed. */
    @Override
    public void close() {
        Native.collectorFree(id);
    }
}
