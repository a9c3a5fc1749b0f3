package dev.cairn.bus.trace;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register a service of this type and it gets every span the node records while tracing is on.
 * Called in the thread that ended the span — often a bus call's own thread — so it must only queue the span
 * and return; it must not block or throw.
 */
@ConsumerType
public interface SpanExporter {

    void export(Span span);
}
