package dev.devprobe.android;

import android.content.Context;
import android.hardware.display.DisplayManager;
import android.net.ConnectivityManager;
import android.net.Network;
import android.net.NetworkCapabilities;
import android.os.Handler;
import android.os.Looper;
import android.telephony.TelephonyCallback;
import android.telephony.TelephonyDisplayInfo;
import android.telephony.TelephonyManager;
import android.view.Display;
import dev.devprobe.Collector;
import dev.devprobe.HostNetwork;
import java.util.concurrent.Executor;

/**
 * Feeds Android's own answers into a {@link Collector}: the default network
 * ({@code ConnectivityManager.NetworkCallback}), the cellular technology
 * ({@code TelephonyDisplayInfo}) and the screen rotation ({@code Display.getRotation()}).
 * Compiled only in an Android build (API 31+); it only forwards Android's numbers, and the mapping
 * to devprobe's values is {@link HostNetwork#fromAndroid}, tested on the JVM.
 *
 * <p>Needs {@code ACCESS_NETWORK_STATE}. Without {@code READ_PHONE_STATE} the telephony listener
 * is refused by the system; the report then has no {@code connection_subtype}. Nothing here reads
 * an identifier (no IMEI, SIM, carrier or SSID).
 */
public final class AndroidHost implements AutoCloseable {
    private final Collector collector;
    private final ConnectivityManager connectivity;
    private final DisplayManager displays;
    private final TelephonyManager telephony;
    private final ConnectivityManager.NetworkCallback networkCallback;
    private final DisplayManager.DisplayListener displayListener;
    private final TelephonyCallback telephonyCallback;
    private volatile NetworkCapabilities capabilities;
    private volatile int dataNetworkType;
    private volatile int overrideNetworkType;

    private AndroidHost(Context context, Collector collector) {
        this.collector = collector;
        connectivity = context.getSystemService(ConnectivityManager.class);
        displays = context.getSystemService(DisplayManager.class);
        telephony = context.getSystemService(TelephonyManager.class);
        networkCallback = new ConnectivityManager.NetworkCallback() {
            @Override
            public void onCapabilitiesChanged(Network network, NetworkCapabilities caps) {
                capabilities = caps;
                pushNetwork();
            }

            @Override
            public void onLost(Network network) {
                capabilities = null;
                collector.setNetwork(HostNetwork.OFFLINE);
            }
        };
        displayListener = new DisplayManager.DisplayListener() {
            @Override
            public void onDisplayChanged(int displayId) {
                if (displayId == Display.DEFAULT_DISPLAY) {
                    pushRotation();
                }
            }

            @Override
            public void onDisplayAdded(int displayId) {}

            @Override
            public void onDisplayRemoved(int displayId) {}
        };
        telephonyCallback = new DisplayInfo();
    }

    private final class DisplayInfo extends TelephonyCallback implements TelephonyCallback.DisplayInfoListener {
        @Override
        public void onDisplayInfoChanged(TelephonyDisplayInfo info) {
            dataNetworkType = info.getNetworkType();
            overrideNetworkType = info.getOverrideNetworkType();
            pushNetwork();
        }
    }

    /** Starts feeding {@code collector}; callbacks run on the main looper. Close to stop. */
    public static AndroidHost start(Context context, Collector collector) {
        AndroidHost host = new AndroidHost(context, collector);
        Handler main = new Handler(Looper.getMainLooper());
        Executor onMain = main::post;
        host.connectivity.registerDefaultNetworkCallback(host.networkCallback, main);
        host.displays.registerDisplayListener(host.displayListener, main);
        if (host.telephony != null) {
            try {
                host.telephony.registerTelephonyCallback(onMain, host.telephonyCallback);
            } catch (SecurityException noPhoneStatePermission) {
                // No subtype then: the type still comes from the network callback.
            }
        }
        host.pushRotation();
        return host;
    }

    private void pushNetwork() {
        NetworkCapabilities caps = capabilities;
        if (caps == null) {
            return;
        }
        collector.setNetwork(HostNetwork.fromAndroid(
                caps.hasTransport(NetworkCapabilities.TRANSPORT_WIFI),
                caps.hasTransport(NetworkCapabilities.TRANSPORT_CELLULAR),
                caps.hasTransport(NetworkCapabilities.TRANSPORT_ETHERNET),
                caps.hasTransport(NetworkCapabilities.TRANSPORT_VPN),
                dataNetworkType, overrideNetworkType));
    }

    private void pushRotation() {
        Display display = displays.getDisplay(Display.DEFAULT_DISPLAY);
        if (display == null) {
            return;
        }
        // The mode's physical size is in the natural orientation, whatever the rotation.
        Display.Mode mode = display.getMode();
        boolean naturalLandscape = mode.getPhysicalWidth() > mode.getPhysicalHeight();
        collector.setAndroidOrientation(display.getRotation(), naturalLandscape);
    }

    /** Stops feeding; the collector keeps the last values pushed. */
    @Override
    public void close() {
        connectivity.unregisterNetworkCallback(networkCallback);
        displays.unregisterDisplayListener(displayListener);
        if (telephony != null) {
            telephony.unregisterTelephonyCallback(telephonyCallback);
        }
    }
}
