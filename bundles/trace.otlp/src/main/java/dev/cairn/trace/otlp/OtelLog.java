package dev.cairn.trace.otlp;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OpenTelemetry's exporter logs every failed export at SEVERE through java.util.logging, the node's log: with the
 * collector down that is a line every few seconds. {@link BatchExport} says it once per episode instead, so the
 * library keeps quiet unless the operator set its level or the node runs at DEBUG.
 */
final class OtelLog {
    /** Held: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger OTEL = Logger.getLogger("io.opentelemetry");

    private OtelLog() {
    }

    static void leaveFailuresToCairn() {
        if (OTEL.getLevel() != null) return;   // set by the operator (or by an earlier activation): leave it
        Level root = Logger.getLogger("").getLevel();
        if (root != null && root.intValue() <= Level.FINE.intValue()) return;
        OTEL.setLevel(Level.OFF);
    }
}
