package dev.cairn.test;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Payloads as the nodes' MQTT transport writes and reads them (Jackson; java.time as ISO-8601 strings; unknown
 * fields ignored), and the check that one comes back from its JSON equal — what {@code payload.check} does on a node.
 */
final class Payloads {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /** The JSON of a payload the test sends; one that would arrive different (or not at all) is refused, named. */
    byte[] encode(String topic, Object payload) {
        if (payload == null) throw new IllegalArgumentException("CairnBus: a payload on '" + topic + "' is null");
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(payload);
        } catch (IOException | RuntimeException e) {
            throw crossing(topic, payload, "it cannot be written as JSON: " + message(e));
        }
        check(topic, payload);
        return body;
    }

    /** As the node does: a list, map or array element by element (its JSON does not say their type), any other value whole. */
    private void check(String topic, Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Character) return;
        if (value instanceof Collection<?> c) {
            for (Object e : c) check(topic, e);
        } else if (value instanceof Map<?, ?> m) {
            for (Object e : m.values()) check(topic, e);
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) check(topic, Array.get(value, i));
        } else {
            roundTrip(topic, value);
        }
    }

    private void roundTrip(String topic, Object payload) {
        byte[] body;
        Object back;
        try {
            body = mapper.writeValueAsBytes(payload);
            back = mapper.readValue(body, payload.getClass());
        } catch (IOException | RuntimeException e) {
            throw crossing(topic, payload, "it cannot be read back from its JSON: " + message(e));
        }
        if (!payload.equals(back)) throw crossing(topic, payload, "it reads back from its JSON as a different value (JSON: "
                + new String(body, StandardCharsets.UTF_8) + ")");
    }

    <T> T decode(byte[] body, Class<T> type) throws IOException {
        return mapper.readValue(body, type);
    }

    JsonNode tree(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IllegalArgumentException crossing(String topic, Object payload, String why) {
        return new IllegalArgumentException("CairnBus: a " + payload.getClass().getName() + " on '" + topic + "' cannot cross nodes: " + why);
    }

    private static String message(Exception e) {
        return e instanceof JacksonException j ? j.getOriginalMessage() : e.toString();
    }
}
