package dev.devprobe;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the end user agreed to: one handle for every {@link Collector} of the app. Nothing is
 * read before a grant; {@link #withdraw()} takes effect at once (caches dropped, subscriptions
 * ended, collects fail with {@link DevprobeException.Code#CONSENT_REQUIRED}).
 *
 * <pre>{@code
 * Consent consent = new Consent();
 * String stored = consent.grant(Purpose.COMPATIBILITY, Purpose.CONNECTIVITY); // keep it
 * // next start: consent.restore(stored);
 * }</pre>
 *
 * Thread-safe. {@link #close()} frees the handle; collectors built on it keep working.
 */
public final class Consent implements AutoCloseable {
    final long id;

    /** A handle with nothing granted. */
    public Consent() {
        id = Native.consentNew();
    }

    /**
     * Records an adult's consent to {@code purposes}, replacing any earlier grant.
     *
     * @return the grant as JSON, to store and {@link #restore} at the next start, e.g.
     *     {@code {"purposes":["compatibility"],"catalog_version":2,"subject":{"kind":"adult"},...}}
     * @throws DevprobeException {@code INVALID_ARGUMENT} for a null purpose, {@code CLOSED}
     */
    public String grant(Purpose... purposes) {
        return Native.consentGrant(id, Purpose.mask(purposes), 0);
    }

    /**
     * Records a minor's consent, valid only with a guardian's.
     *
     * @throws DevprobeException {@code GUARDIAN_CONSENT_REQUIRED} when {@code guardianConsent} is
     *     false (consent unchanged)
     */
    public String grantForMinor(boolean guardianConsent, Purpose... purposes) {
        return Native.consentGrant(id, Purpose.mask(purposes), guardianConsent ? 1 : 2);
    }

    /**
     * Restores a grant stored earlier (the JSON {@link #grant} returned).
     *
     * @throws DevprobeException {@code INVALID_ARGUMENT} (null), {@code INVALID_GRANT},
     *     {@code UNKNOWN_PURPOSE}, {@code FUTURE_CATALOG}, {@code GUARDIAN_CONSENT_REQUIRED}; the
     *     consent is then unchanged
     */
    public void restore(String grantJson) {
        Native.consentRestore(id, grantJson);
    }

    /**
     * Withdraws every purpose, at once.
     *
     * @return the receipt as JSON, {@code {"withdrawn_at":"...","purposes":[...]}}: forward it as
     *     the deletion request
     */
    public String withdraw() {
        return Native.consentWithdraw(id);
    }

    /** The current grant as JSON, or null when nothing is granted. */
    public String grantJson() {
        return Native.consentGrantJson(id);
    }

    /** The purposes granted now (empty when none). */
    public Set<Purpose> granted() {
        int mask = Native.consentGrantedMask(id);
        Set<Purpose> out = EnumSet.noneOf(Purpose.class);
        for (Purpose p : Purpose.values()) {
            if ((mask & p.bit) != 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether the grant predates fields added since: ask the user again. */
    public boolean needsRenewal() {
        return Native.consentNeedsRenewal(id);
    }

    /** Frees the handle; later calls throw {@code CLOSED}. Closing twice is allowed. */
    @Override
    public void close() {
        Native.consentFree(id);
    }
}
