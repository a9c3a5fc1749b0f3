package dev.cairn.bus.api;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a subscriber is called. {@link #DIRECT}: in the publisher's thread. With an executor: through a
 * queue of {@code capacity} messages drained by that executor, one message at a time, in order.
 */
public record SubscribeOptions(Executor executor, int capacity, Overflow overflow) {
    public static final SubscribeOptions DIRECT = new SubscribeOptions(null, 0, Overflow.DROP_NEWEST);

    public SubscribeOptions {
        Objects.requireNonNull(overflow, "overflow");
        if (executor != null && capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }

    /** A queue of {@code capacity} messages, drained by {@code executor}. */
    public static SubscribeOptions queued(Executor executor, int capacity, Overflow overflow) {
        return new SubscribeOptions(Objects.requireNonNull(executor, "executor"), capacity, overflow);
    }

    public boolean direct() {
        return executor == null;
    }
}
