package dev.cairn.management;

/**
 * {@code rate} tokens a second, at most {@code burst} saved up; one token per line. Not thread-safe: the caller
 * holds its follower's lock. Time comes in as nanoseconds, so tests need no clock.
 */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(int ratePerSecond, int burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst <= 0) throw new IllegalArgumentException("rate and burst must be positive");
        this.perNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    boolean take(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = nowNanos;
        }
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
