package dev.cairn.trace.otlp;

import io.opentelemetry.exporter.internal.FailedExportException;

/** Why an export failed, in a few words for the log: the collector's status, or what the connection said. */
final class ExportFailure {

    private ExportFailure() {
    }

    static String reason(Throwable t) {
        if (t == null) return "the exporter gave no reason";
        if (t instanceof FailedExportException.HttpExportException h && h.failedWithResponse()) {
            int code = h.getResponse().getStatusCode();
            String message = h.getResponse().getStatusMessage();
            boolean says = message != null && !message.isBlank() && !message.equals(Integer.toString(code));
            return "the collector answered HTTP " + code + (says ? " " + message : "");
        }
        Throwable cause = t.getCause() != null ? t.getCause() : t;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
