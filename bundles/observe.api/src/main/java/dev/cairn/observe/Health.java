package dev.cairn.observe;

import java.util.Objects;

/** The outcome of one check: a reason is given whenever the status is not UP. */
public record Health(Status status, String reason) {
    public enum Status { UP, DOWN }

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

    public boolean isUp() {
        return status == Status.UP;
    }
}
