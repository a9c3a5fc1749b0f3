package dev.cairn.observe;

import java.util.Objects;

/**
 * The outcome of one check: a reason is given whenever the status is not UP. DEGRADED: working, but with
 * something to look at (an open circuit breaker) — it counts as up for liveness and readiness.
 */
public record Health(Status status, String reason) {
    /** DEGRADED since 1.2; it comes last so that the older constants keep their ordinals. */
    public enum Status { UP, DOWN, DEGRADED }

    public Health {
        Objects.requireNonNull(status, "status");
        if (status != Status.UP && (reason == null || reason.isBlank()))
            throw new IllegalArgumentException("a " + status + " health needs a reason");
    }

    public static Health up() {
        return new Health(Status.UP, null);
    }

    public static Health down(String reason) {
        return new Health(Status.DOWN, reason);
    }

    /** Working, with a reason to look: it does not make the node unready. Since 1.2. */
    public static Health degraded(String reason) {
        return new Health(Status.DEGRADED, reason);
    }

    public boolean isUp() {
        return status == Status.UP;
    }
}
