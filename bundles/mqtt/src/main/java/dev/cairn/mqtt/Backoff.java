package dev.cairn.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th delay is drawn from [d/2, d] with d = min(max, initial * 2^n),
 * so a fleet that lost its broker at one instant does not come back at one instant.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long ceiling;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.ceiling = initialMillis;
    }

    long nextMillis() {
        long c = ceiling;
        ceiling = c > maxMillis / 2 ? maxMillis : c * 2;
        long floor = c / 2;
        return floor + ThreadLocalRandom.current().nextLong(c - floor + 1);
    }

    void reset() {
        ceiling = initialMillis;
    }
}
