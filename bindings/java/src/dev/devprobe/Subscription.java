package dev.devprobe;

/**
 * A running watch of the network and the screen orientation ({@link Collector#subscribe}).
 * Changes arrive on one thread, {@code devprobe-subscription}, attached to the VM once; an
 * exception thrown by the listener is printed and delivery goes on. It ends when consent is
 * withdrawn or on {@link #close()}; {@link Listener#onEnd()} is then called once, on the same
 * thread.
 */
public final class Subscription implements AutoCloseable {
    /** Receives changes. Post to your UI thread yourself; do not block for long. */
    public interface Listener {
        /** A change of the granted network or screen facts. */
        void onChange(Change change);

        /** The subscription ended (withdrawal or close). Called once. */
        default void onEnd() {}
    }

    private final Listener listener;
    volatile long id;

    Subscription(Listener listener) {
        this.listener = listener;
    }

    /** Called by the native delivery thread. */
    void deliver(String[] values) {
        listener.onChange(new Change(values));
    }

    /** Called by the native delivery thread, once, as it ends. */
    void ended() {
        listener.onEnd();
    }

    /** Whether changes are still delivered (false after withdrawal or close). */
    public boolean isActive() {
        return Native.subscriptionActive(id);
    }

    /**
     * Stops delivery: once this returns no {@code onChange} is running or will start (unless
     * called from the listener itself). Closing twice is allowed.
     */
    @Override
    public void close() {
        Native.subscriptionClose(id);
    }
}
