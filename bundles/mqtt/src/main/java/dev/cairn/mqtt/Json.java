package dev.cairn.mqtt;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import java.io.IOException;

/**
 * Payloads as JSON (Jackson; records work as they are; java.time values as ISO-8601 strings, readable on
 * the wire by any client). Readers tolerate fields they do not know, so nodes can be upgraded one at a time.
 */
final class Json {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    byte[] encode(Object payload) {
        try {
            return mapper.writeValueAsBytes(payload);
        } catch (JacksonException | RuntimeException e) {
            throw new BusException(Reason.MALFORMED_PAYLOAD,
                    "a " + payload.getClass().getName() + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** {@code bytes} as a {@code type}; throws {@code BusException(MALFORMED_PAYLOAD)} when they are not JSON of that type. */
    <T> T decode(byte[] bytes, Class<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new BusException(Reason.MALFORMED_PAYLOAD, "the payload is not a " + type.getName() + ": "
                    + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /** A message as a JSON string, for error replies. */
    byte[] string(String text) {
        return encode(text == null ? "" : text);
    }
}
