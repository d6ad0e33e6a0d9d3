package dev.devprobe;

/**
 * The native methods, implemented in Rust by the {@code devprobe-jni} crate and loaded from
 * {@code libdevprobe_jni.so} ({@code System.loadLibrary("devprobe_jni")}: put it in the APK's
 * {@code jniLibs/<abi>/}, or on {@code java.library.path} on a JVM).
 *
 * <p>Handles are opaque ids, never pointers: a closed or unknown id throws
 * {@link DevprobeException} with {@link DevprobeException.Code#CLOSED}. Every method may throw
 * {@link DevprobeException}; none can crash the VM (panics are caught on the native side).
 */
final class Native {
    static {
        System.loadLibrary("devprobe_jni");
    }

    private Native() {}

    static native long consentNew();

    static native void consentFree(long id);

    /** {@code subject}: 0 adult, 1 minor with a guardian's consent, 2 minor without. */
    static native String consentGrant(long id, int purposeMask, int subject);

    static native void consentRestore(long id, String grantJson);

    static native String consentWithdraw(long id);

    static native String consentGrantJson(long id);

    static native int consentGrantedMask(long id);

    static native boolean consentNeedsRenewal(long id);

    static native long collectorNew(
            long consentId, String ipPrecision, long deadlineMs, long minRefreshMs, String snapshotDir);

    static native void collectorFree(long id);

    static native String[] collectorCollect(long id);

    static native void collectorSetAndroidOrientation(long id, int rotation, boolean naturalLandscape);

    static native void collectorSetOrientation(long id, String w3cType, int angle);

    static native void collectorSetNetwork(long id, String type, String subtype, int vpn, int online);

    static native long collectorSubscribe(long id, Subscription sink);

    static native void subscriptionClose(long id);

    static native boolean subscriptionActive(long id);

    static native String reportExplain(String reportJson, String lang);
}
