package dev.cairn.bus;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.spi.Inbound;
import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.Span.Kind;
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
    /** The symbolic name of the subscribing bundle, or null; set before the sink is routed to. */
    String owner;
    private final dev.cairn.bus.api.Subscriber<? super T> target;
    private volatile boolean closed;
    private volatile boolean warned;

    Sink(String filter, Class<T> type, dev.cairn.bus.api.Subscriber<? super T> target) {
        this.filter = filter;
        this.type = type;
        this.target = target;
    }

    /** A message published in this JVM by a traced publish ({@code from}: its hop), or an untraced one (null). */
    final void offer(String topic, Object payload, TopicCounters counters, Hop from) {
        if (closed) return;
        if (!type.isInstance(payload)) {
            counters.dropped.increment();
            warnOnce("drops a {} on {}: it takes {}", payload == null ? "null" : payload.getClass().getName(), topic, type.getName());
            return;
        }
        enqueue(topic, type.cast(payload), counters, from, false);
    }

    /** A message from another node; {@code from}: where it came from while tracing is on, else null. */
    final void offer(String topic, Inbound payload, TopicCounters counters, Hop from) {
        if (closed) return;
        T decoded;
        try {
            decoded = payload.as(type);
        } catch (BusException | ClassCastException e) {
            counters.dropped.increment();
            warnOnce("drops a message on {}: {}", topic, e.getMessage());
            return;
        }
        enqueue(topic, decoded, counters, from, true);
    }

    /** {@code from} and {@code remote}: for the delivery's span, see {@link #invoke(String, Object, TopicCounters, Hop, boolean)}. */
    abstract void enqueue(String topic, T payload, TopicCounters counters, Hop from, boolean remote);

    /**
     * Calls the subscriber; what it throws stays here. With {@code from} (tracing on) the call is a delivery
     * span, child of the publish, and the subscriber runs in it: what it publishes or asks continues the trace.
     */
    final void invoke(String topic, T payload, TopicCounters counters, Hop from, boolean remote) {
        if (from == null) {
            invoke(topic, payload, counters);
            return;
        }
        Hop delivery = from.child(Kind.DELIVER, topic, from.caller);
        Hop before = Tracer.enter(delivery);
        boolean ok;
        try {
            ok = invoke(topic, payload, counters);
        } finally {
            Tracer.leave(before);
        }
        delivery.end(owner, remote, ok ? Span.OK : BusException.Reason.HANDLER_FAILED.name());
    }

    private boolean invoke(String topic, T payload, TopicCounters counters) {
        try {
            target.receive(topic, payload);
            counters.delivered.increment();
            return true;
        } catch (RuntimeException | LinkageError e) {
            counters.failed.increment();
            if (!warned) {
                warned = true;
                LOG.warn("subscriber {} of '{}' failed on {} (logged once; counted as failed)", target, filter, topic, e);
            }
            return false;
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
        void enqueue(String topic, T payload, TopicCounters counters, Hop from, boolean remote) {
            invoke(topic, payload, counters, from, remote);
        }
    }
}
