package dev.cairn.trace.otlp;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/** A finished span, built from a Cairn span rather than recorded by OpenTelemetry's tracer: no events, no links. */
record CairnSpanData(String name, SpanKind kind, SpanContext spanContext, SpanContext parentSpanContext, StatusData status,
                     long startEpochNanos, long endEpochNanos, Attributes attributes, Resource resource,
                     InstrumentationScopeInfo scope) implements SpanData {

    @Override public String getName() { return name; }
    @Override public SpanKind getKind() { return kind; }
    @Override public SpanContext getSpanContext() { return spanContext; }
    @Override public SpanContext getParentSpanContext() { return parentSpanContext; }
    @Override public StatusData getStatus() { return status; }
    @Override public long getStartEpochNanos() { return startEpochNanos; }
    @Override public Attributes getAttributes() { return attributes; }
    @Override public List<EventData> getEvents() { return List.of(); }
    @Override public List<LinkData> getLinks() { return List.of(); }
    @Override public long getEndEpochNanos() { return endEpochNanos; }
    @Override public boolean hasEnded() { return true; }
    @Override public int getTotalRecordedEvents() { return 0; }
    @Override public int getTotalRecordedLinks() { return 0; }
    @Override public int getTotalAttributeCount() { return attributes.size(); }
    @Override public InstrumentationScopeInfo getInstrumentationScopeInfo() { return scope; }
    @Override public Resource getResource() { return resource; }

    /** Still abstract in the SDK's interface; the exporters read {@link #getInstrumentationScopeInfo()}. */
    @Override
    @SuppressWarnings("deprecation")
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion());
    }
}
