package dev.cairn.bus.api;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a subscriber is called. {@link #DIRECT}: in the publisher's thread; for events from other nodes,
 * on the transport's events thread, where it may block. {@link #NON_BLOCKING}: the same in one JVM, but
 * events from other nodes are delivered on the thread that received them (see {@link Handling}): no
 * thread hand-off, and the subscriber must not wait. With an executor: through a queue of
 * {@code capacity} messages drained by that executor, one message at a time, in order.
 */
public record SubscribeOptions(Executor executor, int capacity, Overflow overflow, Handling handling) {
    public static final SubscribeOptions DIRECT = new SubscribeOptions(null, 0, Overflow.DROP_NEWEST, Handling.MAY_BLOCK);
    public static final SubscribeOptions NON_BLOCKING = new SubscribeOptions(null, 0, Overflow.DROP_NEWEST, Handling.NON_BLOCKING);

    public SubscribeOptions {
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(handling, "handling");
        if (executor != null && capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        if (executor != null && handling == Handling.NON_BLOCKING) {
            throw new IllegalArgumentException("a queued subscriber runs on its own executor: non-blocking is for direct ones");
        }
    }

    /** The options of 1.0: may block. */
    public SubscribeOptions(Executor executor, int capacity, Overflow overflow) {
        this(executor, capacity, overflow, Handling.MAY_BLOCK);
    }

    /** A queue of {@code capacity} messages, drained by {@code executor}. */
    public static SubscribeOptions queued(Executor executor, int capacity, Overflow overflow) {
        return new SubscribeOptions(Objects.requireNonNull(executor, "executor"), capacity, overflow);
    }

    public boolean direct() {
        return executor == null;
    }
}
