package dev.devprobe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One change delivered to a {@link Subscription.Listener}: which fields changed and the network
 * and screen facts now (only granted ones). Immutable.
 */
public final class Change {
    private final Values v;
    private final List<String> changed;

    Change(String[] values) {
        v = new Values(values);
        List<String> c = new ArrayList<>();
        for (int i = 0; i < v.tailLength(); i++) {
            c.add(v.tail(i));
        }
        changed = Collections.unmodifiableList(c);
    }

    /** The change as JSON, e.g. {@code {"changed":["screen.orientation"],...}}. */
    public String json() {
        return v.get(Values.JSON);
    }

    /** The report paths that changed, e.g. {@code ["screen.orientation", "screen.rotation_degrees"]}. */
    public List<String> changed() {
        return changed;
    }

    /** As {@link Report#connectionType()}. */
    public String connectionType() {
        return v.get(Values.CONNECTION_TYPE);
    }

    /** As {@link Report#connectionSubtype()}. */
    public String connectionSubtype() {
        return v.get(Values.CONNECTION_SUBTYPE);
    }

    /** As {@link Report#ipAddress()}. */
    public String ipAddress() {
        return v.get(Values.IP_ADDRESS);
    }

    /** As {@link Report#vpn()}. */
    public Boolean vpn() {
        return v.bool(Values.VPN);
    }

    /** As {@link Report#online()}. */
    public Boolean online() {
        return v.bool(Values.ONLINE);
    }

    /** As {@link Report#orientation()}. */
    public String orientation() {
        return v.get(Values.ORIENTATION);
    }

    /** As {@link Report#rotationDegrees()}. */
    public Integer rotationDegrees() {
        return v.integer(Values.ROTATION_DEGREES);
    }

    @Override
    public String toString() {
        return json();
    }
}
