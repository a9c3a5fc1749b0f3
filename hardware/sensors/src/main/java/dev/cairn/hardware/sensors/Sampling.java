package dev.cairn.hardware.sensors;

import dev.cairn.hardware.api.HardwareTopics;
import java.time.Duration;

/**
 * How often a sensor is read and how it retries: after the n-th failure in a row it waits
 * {@code min(retryMax, retryInitial × 2^(n-1))}.
 */
record Sampling(String name, Duration interval, Duration retryInitial, Duration retryMax) {
    static final long MIN_MS = 10;

    /** Validates the keys a sensor configuration shares; the exception names the key. */
    static Sampling of(String name, long intervalMs, long retryInitialMs, long retryMaxMs) {
        HardwareTopics.checkName(name);
        atLeast("interval.ms", intervalMs, MIN_MS);
        atLeast("retry.initial.ms", retryInitialMs, MIN_MS);
        atLeast("retry.max.ms", retryMaxMs, retryInitialMs);
        return new Sampling(name, Duration.ofMillis(intervalMs), Duration.ofMillis(retryInitialMs), Duration.ofMillis(retryMaxMs));
    }

    Duration backoff(int failuresInARow) {
        int doublings = Math.min(Math.max(failuresInARow - 1, 0), 30);
        long ms = retryInitial.toMillis() << doublings;
        return ms <= 0 || ms > retryMax.toMillis() ? retryMax : Duration.ofMillis(ms);
    }

    static void atLeast(String key, double value, double min) {
        if (!(value >= min)) throw new IllegalArgumentException(key + " must be at least " + fmt(min) + ", not " + fmt(value));
    }

    static void within(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(key + " must be between " + fmt(min) + " and " + fmt(max) + ", not " + fmt(value));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
