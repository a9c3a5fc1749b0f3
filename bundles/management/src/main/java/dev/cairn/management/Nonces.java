package dev.cairn.management;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nonces of accepted requests, each kept as long as a request carrying it could still pass the clock
 * check, so a replay within that window is recognised. Bounded: when full of live nonces, new requests
 * are refused (BUSY) rather than forgetting one that could be replayed.
 */
final class Nonces {
    /** Insertion order is expiry order: every nonce lives the same time. */
    private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();
    private volatile long lifetimeMs;
    private final int capacity;

    Nonces(long lifetimeMs, int capacity) {
        this.lifetimeMs = lifetimeMs;
        this.capacity = capacity;
    }

    enum Outcome { FRESH, SEEN, FULL }

    /** For nonces remembered from now on; those already kept keep their expiry (a new clock window). */
    void lifetime(long ms) {
        lifetimeMs = ms;
    }

    synchronized Outcome remember(String nonce, long now) {
        for (Iterator<Map.Entry<String, Long>> it = expiries.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() > now) break;
            it.remove();
        }
        if (expiries.containsKey(nonce)) return Outcome.SEEN;
        if (expiries.size() >= capacity) return Outcome.FULL;
        expiries.put(nonce, now + lifetimeMs);
        return Outcome.FRESH;
    }
}
