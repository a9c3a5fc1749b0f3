package dev.cairn.bus;

import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.Span.Kind;

/**
 * A span while it runs, or where a message from another node came from. {@link #end} records it (when its
 * trace is sampled); its children are the hops it caused: the deliveries of a publish, the serve of a request,
 * and whatever the subscriber or handler does while it is the thread's {@linkplain Tracer#enter current} hop.
 */
final class Hop {
    final Tracer tracer;
    /** Null for a message from another node that carried no trace context: its children start traces. */
    final TraceContext context;
    private final String parentId;
    private final Kind kind;
    private final String topic;
    final String caller;
    private final long startNanos;
    private final long startMicros;

    Hop(Tracer tracer, TraceContext context, String parentId, Kind kind, String topic, String caller) {
        this.tracer = tracer;
        this.context = context;
        this.parentId = parentId;
        this.kind = kind;
        this.topic = topic;
        this.caller = caller;
        // only a recorded hop needs its start: an unsampled one or a message's origin is passed on, never timed
        boolean recorded = context != null && context.sampled();
        this.startNanos = recorded ? System.nanoTime() : 0;
        this.startMicros = recorded ? tracer.nowMicros() : 0;
    }

    /** A hop this one caused. */
    Hop child(Kind kind, String topic, String caller) {
        TraceContext c = context == null ? tracer.newRoot() : context.child();
        return new Hop(tracer, c, context == null ? null : context.spanId(), kind, topic, caller);
    }

    /** The value for the {@code traceparent} of what this hop sends to other nodes. */
    String traceparent() {
        return context == null ? null : context.traceparent();
    }

    void end(String callee, boolean remote, String outcome) {
        if (context == null || !context.sampled()) return;
        tracer.record(new Span(context.traceId(), context.spanId(), parentId, kind, topic, caller, callee, tracer.node(),
                remote, startMicros, System.nanoTime() - startNanos, outcome));
    }
}
