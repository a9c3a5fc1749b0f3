package dev.cairn.trace.otlp;

import dev.cairn.bus.trace.Span;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.StatusData;

/** A Cairn span as OpenTelemetry's exporters take it: ids as the bus gave them, a name, a kind and attributes. */
final class SpanConversion {
    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    static final AttributeKey<String> SERVICE_INSTANCE = AttributeKey.stringKey("service.instance.id");
    static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> CALLER = AttributeKey.stringKey("cairn.caller");
    static final AttributeKey<String> CALLEE = AttributeKey.stringKey("cairn.callee");
    static final AttributeKey<String> NODE = AttributeKey.stringKey("cairn.node");
    static final AttributeKey<String> PLACEMENT = AttributeKey.stringKey("cairn.placement");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("cairn.outcome");

    /** Which code recorded the spans: the bus, whatever bundle made the call. */
    static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.cairn.bus");

    private final Resource resource;

    SpanConversion(Resource resource) {
        this.resource = resource;
    }

    /** service.name as configured; the node's id as the instance and the host, since a node is one host. */
    static Resource resource(String serviceName, String nodeId) {
        AttributesBuilder attributes = Attributes.builder().put(SERVICE_NAME, serviceName);
        if (nodeId != null && !nodeId.isEmpty()) attributes.put(SERVICE_INSTANCE, nodeId).put(HOST_NAME, nodeId);
        return Resource.create(attributes.build());
    }

    Resource resource() {
        return resource;
    }

    /** Null when the span's ids are not W3C hex: such a span cannot be sent, and the bus never makes one. */
    CairnSpanData convert(Span span) {
        SpanContext context = SpanContext.create(span.traceId(), span.spanId(), TraceFlags.getSampled(), TraceState.getDefault());
        if (!context.isValid()) return null;
        SpanContext parent = span.parentId() == null ? SpanContext.getInvalid()
                : parentIsRemote(span)
                ? SpanContext.createFromRemoteParent(span.traceId(), span.parentId(), TraceFlags.getSampled(), TraceState.getDefault())
                : SpanContext.create(span.traceId(), span.parentId(), TraceFlags.getSampled(), TraceState.getDefault());
        long start = Math.multiplyExact(span.startMicros(), 1_000L);
        return new CairnSpanData(span.kind() + " " + span.topic(), kind(span.kind()), context, parent,
                status(span.outcome()), start, start + Math.max(0, span.durationNanos()), attributes(span), resource, SCOPE);
    }

    static SpanKind kind(Span.Kind kind) {
        return switch (kind) {
            case PUBLISH -> SpanKind.PRODUCER;
            case DELIVER -> SpanKind.CONSUMER;
            case REQUEST -> SpanKind.CLIENT;
            case SERVE -> SpanKind.SERVER;
        };
    }

    /** A delivery or serve of a message from another node is the child of a span that node recorded. */
    private static boolean parentIsRemote(Span span) {
        return span.remote() && (span.kind() == Span.Kind.DELIVER || span.kind() == Span.Kind.SERVE);
    }

    /** Success stays UNSET, as OpenTelemetry's instrumentations leave it; OK is for an application to claim. */
    private static StatusData status(String outcome) {
        return outcome == null || Span.OK.equals(outcome) ? StatusData.unset() : StatusData.create(
                io.opentelemetry.api.trace.StatusCode.ERROR, outcome);
    }

    private static Attributes attributes(Span span) {
        AttributesBuilder a = Attributes.builder()
                .put(MESSAGING_SYSTEM, "cairn")
                .put(DESTINATION, span.topic())
                .put(PLACEMENT, span.remote() ? "remote" : "local")
                .put(OUTCOME, span.outcome() == null ? Span.OK : span.outcome());
        if (span.caller() != null) a.put(CALLER, span.caller());
        if (span.callee() != null) a.put(CALLEE, span.callee());
        if (span.node() != null) a.put(NODE, span.node());
        return a.build();
    }
}
