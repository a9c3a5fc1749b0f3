/**
 * Traces through the bus: every publish, delivery, request and serve of a traced call becomes a {@link Span},
 * kept on the node ({@link Traces}) and handed to every {@link SpanExporter} service (e.g. OTLP).
 * Trace context follows W3C Trace Context: in one JVM it travels with the call, between nodes in the MQTT 5
 * user property {@code traceparent}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.cairn.bus.trace;
