package dev.devprobe;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Java binding on the JVM, over the Linux build of libdevprobe_jni.so. Run by .ci/java.sh:
 * {@code java -ea -Djava.library.path=target/debug -cp ... dev.devprobe.BindingTest FIXTURES}.
 * Every static method named {@code test*} is a test; the exit status is 1 when one fails.
 */
public final class BindingTest {
    private static String fixture;

    public static void main(String[] args) throws Exception {
        fixture = Paths.get(args[0], "lg-g8x-android-12").toString();
        List<String> failed = new ArrayList<>();
        int ran = 0;
        for (Method m : BindingTest.class.getDeclaredMethods()) {
            if (!m.getName().startsWith("test") || !Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            ran++;
            try {
                m.invoke(null);
                System.out.println("ok   " + m.getName());
            } catch (java.lang.reflect.InvocationTargetException e) {
                failed.add(m.getName());
                System.out.println("FAIL " + m.getName());
                e.getCause().printStackTrace(System.out);
            }
        }
        System.out.println(ran + " tests, " + failed.size() + " failed " + failed);
        System.exit(failed.isEmpty() && ran > 0 ? 0 : 1);
    }

    static void eq(Object want, Object got, String what) {
        if (want == null ? got != null : !want.equals(got)) {
            throw new AssertionError(what + ": want <" + want + ">, got <" + got + ">");
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static void fails(DevprobeException.Code code, Call call) throws Exception {
        try {
            call.run();
        } catch (DevprobeException e) {
            eq(code, e.code(), "code of \"" + e.getMessage() + "\"");
            return;
        }
        throw new AssertionError("no DevprobeException, wanted " + code);
    }

    static Collector lg(Consent consent) {
        return Collector.builder(consent).snapshot(fixture).minRefreshMillis(0).build();
    }

    static void testConsentCollectWithdrawFlow() throws Exception {
        try (Consent consent = new Consent(); Collector collector = lg(consent)) {
            fails(DevprobeException.Code.CONSENT_REQUIRED, collector::collect);
            eq(null, consent.grantJson(), "grant before granting");
            String stored = consent.grant(Purpose.values());
            check(stored.contains("\"purposes\":[\"compatibility\",\"server_selection\",\"connectivity\",\"video_orientation\"]"), stored);
            eq(EnumSet.allOf(Purpose.class), consent.granted(), "granted");
            collector.setAndroidOrientation(1, false); // Surface.ROTATION_90 on a phone

            Report r = collector.collect();
            eq("LG", r.brand(), "brand");
            eq("LGE", r.manufacturer(), "manufacturer");
            eq("LG G8X ThinQ", r.model(), "model");
            eq("LM-G850", r.modelIdentifier(), "model identifier");
            eq("linux", r.osType(), "os type");
            eq("Android", r.osName(), "os name");
            eq("12", r.osVersion(), "os version");
            eq("SKQ1.211230.001", r.osBuildId(), "build");
            eq(31, r.sdkLevel(), "sdk level");
            eq("10.44.181.0", r.ipAddress(), "ip (cut to /24)");
            eq("private", r.ipScope(), "ip scope");
            eq("truncated", r.ipPrecision(), "ip precision");
            eq("cell", r.connectionType(), "connection type");
            eq("lte", r.connectionSubtype(), "subtype");
            eq(false, r.vpn(), "vpn");
            eq(true, r.online(), "online");
            eq("landscape_primary", r.orientation(), "orientation");
            eq(90, r.rotationDegrees(), "rotation");
            eq("not_found", r.omission("os.kernel_version"), "kernel omission");
            eq(null, r.omission("device.brand"), "brand is present");
            eq("unsupported", r.omission("network.effective_type"), "a browser's speed class");
            eq(5, r.omitted().size(), "omitted " + r.omitted());
            // Catalog 2: Linux has metered/constrained only from a host push (none here).
            eq("unsupported", r.omission("network.metered"), "metered omission");
            eq("unsupported", r.omission("network.constrained"), "constrained omission");
            check(r.json().startsWith("{\"schema_version\":2,"), r.json());
            check(r.json().contains("\"model\":\"LG G8X ThinQ\""), r.json());
            check(r.explain("en").contains("LG G8X ThinQ"), r.explain("en"));

            String receipt = consent.withdraw();
            check(receipt.startsWith("{\"withdrawn_at\":\""), receipt);
            check(receipt.contains("\"purposes\":[\"compatibility\",\"server_selection\",\"connectivity\",\"video_orientation\"]"), receipt);
            eq(EnumSet.noneOf(Purpose.class), consent.granted(), "granted after withdrawal");
            fails(DevprobeException.Code.CONSENT_REQUIRED, collector::collect);

            try (Consent next = new Consent()) {
                next.restore(stored);
                eq(EnumSet.allOf(Purpose.class), next.granted(), "restored");
            }
        }
    }

    static void testOnlyGrantedPurposesAreCollected() throws Exception {
        try (Consent consent = new Consent(); Collector collector = lg(consent)) {
            consent.grant(Purpose.COMPATIBILITY);
            Report r = collector.collect();
            eq("LG G8X ThinQ", r.model(), "model");
            eq(null, r.connectionType(), "connection type");
            eq(null, r.ipAddress(), "ip");
            eq("not_permitted", r.omission("network.connection_type"), "why no type");
            eq("not_permitted", r.omission("network.ip"), "why no ip");
        }
    }

    static void testSubscriptionDeliversPushesOnOneAttachedThreadAndEndsOnWithdrawal() throws Exception {
        try (Consent consent = new Consent(); Collector collector = lg(consent)) {
            consent.grant(Purpose.VIDEO_ORIENTATION);
            LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
            List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch ended = new CountDownLatch(1);
            Subscription sub = collector.subscribe(new Subscription.Listener() {
                @Override
                public void onChange(Change change) {
                    threads.add(Thread.currentThread());
                    changes.add(change);
                }

                @Override
                public void onEnd() {
                    threads.add(Thread.currentThread());
                    ended.countDown();
                }
            });
            check(sub.isActive(), "active after subscribe");
            collector.setAndroidOrientation(1, false);
            Change first = changes.poll(10, TimeUnit.SECONDS);
            check(first != null, "no change delivered for the first push");
            eq("landscape_primary", first.orientation(), "pushed orientation");
            eq(90, first.rotationDegrees(), "pushed rotation");
            check(first.changed().contains("screen.orientation"), "changed " + first.changed());
            eq(null, first.connectionType(), "network not granted");

            collector.setAndroidOrientation(2, false);
            Change second = changes.poll(10, TimeUnit.SECONDS);
            check(second != null, "no change delivered for the second push");
            eq("portrait_secondary", second.orientation(), "second orientation");
            eq(180, second.rotationDegrees(), "second rotation");

            consent.withdraw();
            check(ended.await(10, TimeUnit.SECONDS), "withdrawal did not end the subscription");
            check(!sub.isActive(), "inactive after withdrawal");
            eq(3, threads.size(), "callbacks");
            Thread delivery = threads.get(0);
            check(delivery != Thread.currentThread(), "delivered on the caller's thread");
            eq("devprobe-subscription", delivery.getName(), "delivery thread name");
            for (Thread t : threads) {
                check(t == delivery, "a callback ran on another Thread object: attached more than once");
            }
            sub.close();
            sub.close();
        }
    }

    static void testCloseEndsDeliveryAndListenerExceptionsDoNotStopIt() throws Exception {
        try (Consent consent = new Consent(); Collector collector = lg(consent)) {
            consent.grant(Purpose.VIDEO_ORIENTATION);
            LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
            CountDownLatch ended = new CountDownLatch(1);
            Subscription sub = collector.subscribe(new Subscription.Listener() {
                @Override
                public void onChange(Change change) {
                    changes.add(change);
                    if (change.rotationDegrees() == 90) {
                        throw new IllegalStateException("listener bug (expected by the test)");
                    }
                }

                @Override
                public void onEnd() {
                    ended.countDown();
                }
            });
            collector.setAndroidOrientation(1, false);
            check(changes.poll(10, TimeUnit.SECONDS) != null, "first change");
            collector.setAndroidOrientation(3, false);
            Change after = changes.poll(10, TimeUnit.SECONDS);
            check(after != null, "delivery stopped after a listener threw");
            eq("landscape_secondary", after.orientation(), "orientation after the throw");
            sub.close();
            check(!sub.isActive(), "inactive after close");
            collector.setAndroidOrientation(0, false);
            check(ended.await(10, TimeUnit.SECONDS), "close did not end the subscription");
            eq(null, changes.poll(200, TimeUnit.MILLISECONDS), "change after close");
        }
    }

    static void testBadInputThrowsWithCodeNeverCrashes() throws Exception {
        DevprobeException.Code invalid = DevprobeException.Code.INVALID_ARGUMENT;
        try (Consent consent = new Consent()) {
            fails(invalid, () -> consent.restore(null));
            fails(DevprobeException.Code.INVALID_GRANT, () -> consent.restore("garbage{"));
            fails(DevprobeException.Code.INVALID_GRANT, () -> consent.restore("{\"purposes\":[]}"));
            fails(DevprobeException.Code.UNKNOWN_PURPOSE, () -> consent.restore(
                    "{\"purposes\":[\"spying\"],\"catalog_version\":1,\"granted_at\":\"2026-11-29T06:30:00Z\"}"));
            fails(DevprobeException.Code.FUTURE_CATALOG, () -> consent.restore(
                    "{\"purposes\":[\"compatibility\"],\"catalog_version\":99,\"granted_at\":\"2026-11-29T06:30:00Z\"}"));
            fails(DevprobeException.Code.GUARDIAN_CONSENT_REQUIRED, () -> consent.grantForMinor(false, Purpose.CONNECTIVITY));
            eq(null, consent.grantJson(), "refused grants left consent unchanged");
            fails(invalid, () -> consent.grant((Purpose[]) null));
            fails(invalid, () -> consent.grant(Purpose.COMPATIBILITY, null));
            fails(invalid, () -> new Collector(null));
            fails(invalid, () -> Collector.builder(consent).ipPrecision("exact").build());
            fails(invalid, () -> Collector.builder(consent).deadlineMillis(-5));
            fails(invalid, () -> Collector.builder(consent).minRefreshMillis(Long.MIN_VALUE));
            fails(DevprobeException.Code.SNAPSHOT, () -> Collector.builder(consent).snapshot("/nonexistent/devprobe").build());

            Collector collector = lg(consent);
            fails(DevprobeException.Code.CONSENT_REQUIRED, () -> collector.subscribe(c -> {}));
            consent.grant(Purpose.COMPATIBILITY);
            fails(DevprobeException.Code.CONSENT_REQUIRED, () -> collector.subscribe(c -> {}));
            fails(invalid, () -> collector.subscribe(null));
            fails(invalid, () -> collector.setAndroidOrientation(7, false));
            fails(invalid, () -> collector.setAndroidOrientation(-1, true));
            fails(invalid, () -> collector.setOrientation(null, 0));
            fails(invalid, () -> collector.setOrientation("sideways", 0));
            fails(invalid, () -> collector.setOrientation("landscape-primary", 45));
            fails(invalid, () -> collector.setNetwork(null));
            fails(invalid, () -> collector.setNetwork(new HostNetwork("5g", null, null, null)));
            fails(invalid, () -> collector.setNetwork(new HostNetwork("cell", "6g", null, null)));
            fails(invalid, () -> collector.collect().explain("klingon"));
            fails(invalid, () -> Native.reportExplain("not a report", "en"));
            collector.setOrientation("landscape-secondary", 270);
            collector.close();
            collector.close();
            fails(DevprobeException.Code.CLOSED, collector::collect);
            fails(DevprobeException.Code.CLOSED, () -> collector.setAndroidOrientation(0, false));
            fails(DevprobeException.Code.CLOSED, () -> collector.subscribe(c -> {}));
            fails(DevprobeException.Code.CLOSED, () -> Native.collectorCollect(0));
            fails(DevprobeException.Code.CLOSED, () -> Native.collectorCollect(Long.MAX_VALUE));
        }
        Consent closed = new Consent();
        closed.close();
        fails(DevprobeException.Code.CLOSED, () -> closed.grant(Purpose.COMPATIBILITY));
        fails(DevprobeException.Code.CLOSED, () -> new Collector(closed));
    }

    static void testLiveCollectOnThisMachineReportsItsOsRelease() throws Exception {
        Path osRelease = Paths.get("/etc/os-release");
        if (!Files.exists(osRelease)) {
            osRelease = Paths.get("/usr/lib/os-release");
        }
        String name = null;
        for (String line : Files.readAllLines(osRelease)) {
            if (line.startsWith("NAME=")) {
                name = line.substring(5).replace("\"", "");
            }
        }
        try (Consent consent = new Consent(); Collector collector = new Collector(consent)) {
            consent.grant(Purpose.COMPATIBILITY);
            eq(name, collector.collect().osName(), "os.name of this machine");
        }
    }

    static void testHostNetworkFromAndroid() {
        eq(new HostNetwork("wifi", null, false, true), HostNetwork.fromAndroid(true, false, false, false, 0, 0), "wifi");
        eq(new HostNetwork("wired", null, false, true), HostNetwork.fromAndroid(false, false, true, false, 0, 0), "ethernet");
        eq(new HostNetwork("cell", "lte", false, true), HostNetwork.fromAndroid(false, true, false, false, 13, 0), "lte");
        eq(new HostNetwork("cell", "nr", false, true), HostNetwork.fromAndroid(false, true, false, false, 20, 0), "nr sa");
        eq(new HostNetwork("cell", "nrnsa", false, true), HostNetwork.fromAndroid(false, true, false, false, 13, 3), "nr nsa");
        eq(new HostNetwork("cell", "nrnsa", false, true), HostNetwork.fromAndroid(false, true, false, false, 13, 5), "5G+ over lte");
        eq(new HostNetwork("cell", "nr", false, true), HostNetwork.fromAndroid(false, true, false, false, 20, 5), "5G+ sa");
        eq(new HostNetwork("cell", "lte_ca", false, true), HostNetwork.fromAndroid(false, true, false, false, 13, 1), "lte ca");
        eq(new HostNetwork("cell", "lte", false, true), HostNetwork.fromAndroid(false, true, false, false, 13, 2), "lte advanced pro");
        eq(new HostNetwork("cell", "hspap", false, true), HostNetwork.fromAndroid(false, true, false, false, 15, 0), "hspa+");
        eq(new HostNetwork("cell", "cdma2000_1xrtt", false, true), HostNetwork.fromAndroid(false, true, false, false, 7, 0), "1xrtt");
        eq(new HostNetwork("cell", null, false, true), HostNetwork.fromAndroid(false, true, false, false, 0, 0), "cell, type unknown");
        eq(new HostNetwork("cell", null, false, true), HostNetwork.fromAndroid(false, true, false, false, 99, 0), "future type");
        eq(new HostNetwork("wifi", null, true, true), HostNetwork.fromAndroid(true, false, false, true, 0, 0), "vpn over wifi");
        eq(new HostNetwork("unknown", null, true, true), HostNetwork.fromAndroid(false, false, false, true, 0, 0), "vpn, transport unknown");
        eq(new HostNetwork("unavailable", null, null, false), HostNetwork.OFFLINE, "offline");
    }

    static void testPushedNetworkReachesTheReport() throws Exception {
        try (Consent consent = new Consent(); Collector collector = lg(consent)) {
            consent.grant(Purpose.CONNECTIVITY);
            collector.setNetwork(HostNetwork.fromAndroid(false, true, false, false, 20, 0));
            Report r = collector.collect();
            eq("cell", r.connectionType(), "type");
            eq("nr", r.connectionSubtype(), "subtype");
            collector.setNetwork(HostNetwork.OFFLINE);
            Report off = collector.collect();
            eq("unavailable", off.connectionType(), "offline type");
            eq(false, off.online(), "offline");
        }
    }
}
