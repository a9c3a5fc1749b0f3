package dev.cairn.mqtt;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** What the transport has done, for health and metrics; every getter is a cheap snapshot. */
public final class Counters {
    private final EnumMap<Drop, LongAdder> dropped = new EnumMap<>(Drop.class);
    final LongAdder connects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder eventsSent = new LongAdder();
    final LongAdder eventsAcknowledged = new LongAdder();
    final LongAdder eventsReceived = new LongAdder();
    final LongAdder requestsSent = new LongAdder();
    final LongAdder requestsServed = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    volatile boolean connected;
    /** Why the node is not connected, as last seen (null before the first attempt). */
    volatile String problem;
    /** The last thing the broker refused for lack of rights, or null. */
    volatile String lastNotAuthorized;
    volatile IntSupplier outboxMessages = () -> 0;
    volatile LongSupplier outboxBytes = () -> 0;

    Counters() {
        for (Drop d : Drop.values()) dropped.put(d, new LongAdder());
    }

    void drop(Drop reason) {
        dropped.get(reason).increment();
    }

    public boolean connected() {
        return connected;
    }

    /** Why the node is not connected now, or null when it is (or has not tried yet). */
    public String problem() {
        return connected ? null : problem;
    }

    /** Successful connections after the first one. */
    public long reconnects() {
        return Math.max(0, connects.sum() - 1);
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    /** Events waiting in the outbox for the broker's acknowledgement. */
    public int queueDepth() {
        return outboxMessages.getAsInt();
    }

    public long queueBytes() {
        return outboxBytes.getAsLong();
    }

    public long eventsSent() {
        return eventsSent.sum();
    }

    public long eventsAcknowledged() {
        return eventsAcknowledged.sum();
    }

    public long eventsReceived() {
        return eventsReceived.sum();
    }

    public long requestsSent() {
        return requestsSent.sum();
    }

    public long requestsServed() {
        return requestsServed.sum();
    }

    public long timeouts() {
        return timeouts.sum();
    }

    public long dropped(String reason) {
        return dropped.get(Drop.valueOf(reason)).sum();
    }

    long dropped(Drop reason) {
        return dropped.get(reason).sum();
    }

    /** Dropped messages by reason (the {@link Drop} names). */
    public Map<String, Long> droppedByReason() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        dropped.forEach((k, v) -> out.put(k.name(), v.sum()));
        return out;
    }

    @Override
    public String toString() {
        return "connected=" + connected + " reconnects=" + reconnects() + " queue=" + queueDepth() + " sent=" + eventsSent()
                + " acked=" + eventsAcknowledged() + " received=" + eventsReceived() + " dropped=" + droppedByReason();
    }
}
