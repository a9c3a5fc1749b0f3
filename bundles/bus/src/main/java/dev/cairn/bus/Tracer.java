package dev.cairn.bus;

import dev.cairn.bus.spi.Call;
import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.Span.Kind;
import dev.cairn.bus.trace.SpanExporter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes and records the spans of one node while tracing is on. The hop a subscriber or handler runs in is the
 * thread's current one, so what it publishes or asks becomes its child: in one JVM the trace context travels
 * with the call; to other nodes the bus hands it to the transport as a {@code traceparent}.
 */
final class Tracer {
    private static final Logger LOG = LoggerFactory.getLogger(Tracer.class);
    private static final ThreadLocal<Hop> CURRENT = new ThreadLocal<>();

    private final String node;
    private final double sampleRatio;
    private final SpanRing ring;
    private final List<SpanExporter> exporters;
    private final Clock clock;
    private volatile boolean exportFailed;

    Tracer(String node, double sampleRatio, SpanRing ring, List<SpanExporter> exporters, Clock clock) {
        this.node = node;
        this.sampleRatio = sampleRatio;
        this.ring = ring;
        this.exporters = exporters;
        this.clock = clock;
    }

    String node() {
        return node;
    }

    /** A hop that {@code caller} starts: a child of the thread's current hop, or the first of a new trace. */
    Hop begin(Kind kind, String topic, String caller) {
        Hop current = CURRENT.get();
        if (current != null) return current.child(kind, topic, caller);
        return new Hop(this, newRoot(), null, kind, topic, caller);
    }

    /** Where a message from another node came from: its children are the hops it causes here. */
    Hop inbound(Call call) {
        TraceContext from = call == null ? null : TraceContext.parse(call.traceparent());
        return new Hop(this, from, null, null, null, call == null ? null : call.caller());
    }

    TraceContext newRoot() {
        return TraceContext.root(sampleRatio >= 1 || ThreadLocalRandom.current().nextDouble() < sampleRatio);
    }

    /** Makes {@code hop} the thread's current hop; returns the one to give back to {@link #leave}. */
    static Hop enter(Hop hop) {
        Hop before = CURRENT.get();
        CURRENT.set(hop);
        return before;
    }

    static void leave(Hop before) {
        if (before == null) CURRENT.remove();
        else CURRENT.set(before);
    }

    long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    void record(Span span) {
        ring.add(span);
        for (SpanExporter e : exporters) {
            try {
                e.export(span);
            } catch (RuntimeException | LinkageError ex) {
                if (!exportFailed) {
                    exportFailed = true;
                    LOG.warn("span exporter {} threw; its spans are lost (logged once)", e, ex);
                }
            }
        }
    }
}
