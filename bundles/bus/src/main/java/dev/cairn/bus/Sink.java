package dev.cairn.bus;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.spi.Inbound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription as the router holds it: its filter, the type it accepts, and how it is called.
 * {@link #offer} is the hot path: a type check and a direct call, with failures isolated and counted.
 */
abstract class Sink<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Sink.class);

    final String filter;
    final Class<T> type;
    /** Subscription order, set by the router: subscribers of one topic are called in this order. */
    long order;
    private final dev.cairn.bus.api.Subscriber<? super T> target;
    private volatile boolean closed;
    private volatile boolean warned;

    Sink(String filter, Class<T> type, dev.cairn.bus.api.Subscriber<? super T> target) {
        this.filter = filter;
        this.type = type;
        this.target = target;
    }

    /** A message published in this JVM. */
    final void offer(String topic, Object payload, TopicCounters counters) {
        if (closed) return;
        if (!type.isInstance(payload)) {
            counters.dropped.increment();
            warnOnce("drops a {} on {}: it takes {}", payload == null ? "null" : payload.getClass().getName(), topic, type.getName());
            return;
        }
        enqueue(topic, type.cast(payload), counters);
    }

    /** A message from another node, decoded into this subscriber's type. */
    final void offer(String topic, Inbound payload, TopicCounters counters) {
        if (closed) return;
        T decoded;
        try {
            decoded = payload.as(type);
        } catch (BusException | ClassCastException e) {
            counters.dropped.increment();
            warnOnce("drops a message on {}: {}", topic, e.getMessage());
            return;
        }
        enqueue(topic, decoded, counters);
    }

    abstract void enqueue(String topic, T payload, TopicCounters counters);

    /** Calls the subscriber; what it throws stays here. */
    final void invoke(String topic, T payload, TopicCounters counters) {
        try {
            target.receive(topic, payload);
            counters.delivered.increment();
        } catch (RuntimeException | LinkageError e) {
            counters.failed.increment();
            if (!warned) {
                warned = true;
                LOG.warn("subscriber {} of '{}' failed on {} (logged once; counted as failed)", target, filter, topic, e);
            }
        }
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    private void warnOnce(String format, Object... args) {
        if (warned) return;
        warned = true;
        LOG.warn("subscriber {} of '{}' " + format + " (logged once; counted as dropped)", prepend(target, filter, args));
    }

    private static Object[] prepend(Object a, Object b, Object[] rest) {
        Object[] all = new Object[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    /** Called in the publisher's thread. */
    /** True for a direct subscriber declared non-blocking: events from other nodes reach it on the receiving thread. */
    boolean nonBlocking() {
        return false;
    }

    static final class Direct<T> extends Sink<T> {
        private final boolean nonBlocking;

        Direct(String filter, Class<T> type, dev.cairn.bus.api.Subscriber<? super T> target, boolean nonBlocking) {
            super(filter, type, target);
            this.nonBlocking = nonBlocking;
        }

        @Override
        boolean nonBlocking() {
            return nonBlocking;
        }

        @Override
        void enqueue(String topic, T payload, TopicCounters counters) {
            invoke(topic, payload, counters);
        }
    }
}
