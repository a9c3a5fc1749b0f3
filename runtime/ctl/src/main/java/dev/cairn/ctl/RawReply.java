package dev.cairn.ctl;

import java.nio.charset.StandardCharsets;

/**
 * What came back on the response topic, unparsed: the payload and, when the bus itself failed on the
 * node's side, the {@code cairn-error} user property (NO_HANDLER, TIMEOUT, HANDLER_FAILED,
 * MALFORMED_PAYLOAD, CLOSED) — then the payload is a JSON string with the message.
 */
public record RawReply(String correlationId, byte[] payload, String busError) {

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public boolean busFailed() {
        return busError != null;
    }
}
