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
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payloads as JSON (Jackson; records work as they are; java.time values as ISO-8601 strings, readable on
 * the wire by any client). Readers tolerate fields they do not know, so nodes can be upgraded one at a time.
 */
final class Json {
    private static final Logger LOG = LoggerFactory.getLogger(Json.class);

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    private final boolean checkPayloads;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    Json() {
        this(false);
    }

    /** {@code checkPayloads}: every payload sent must read back from its JSON as an equal object (payload.check). */
    Json(boolean checkPayloads) {
        this.checkPayloads = checkPayloads;
    }

    /**
     * A payload (event, request or reply) on {@code topic} as JSON; with payload.check on, also read back as its own
     * type and compared, so that a type that works in one JVM but not across nodes fails here, named, instead of
     * arriving different (or not at all) on the other node.
     */
    byte[] payload(String topic, Object payload) {
        byte[] body = encode(payload);
        if (checkPayloads) check(topic, payload);
        return body;
    }

    /**
     * A list, map or array is decoded by the receiver into its own element type, which its JSON does not carry: each
     * element is checked as a payload of its own instead. Strings, numbers and booleans always come back equal.
     */
    private void check(String topic, Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Character) return;
        if (value instanceof Collection<?> c) {
            for (Object e : c) check(topic, e);
        } else if (value instanceof Map<?, ?> m) {
            for (Object e : m.values()) check(topic, e);
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) check(topic, Array.get(value, i));
        } else {
            checkRoundTrip(topic, value);
        }
    }

    private void checkRoundTrip(String topic, Object payload) {
        Class<?> type = payload.getClass();
        byte[] body = encode(payload);
        String why;
        try {
            Object back = mapper.readValue(body, type);
            if (payload.equals(back)) return;
            why = declaresEquals(type) ? "it reads back from its JSON as a different value (JSON fields: " + fieldNames(body) + ")"
                    : "it has no equals() of its own, so no copy is ever equal to it (make it a record)";
        } catch (IOException | RuntimeException e) {
            why = "it cannot be read back from its JSON: " + (e instanceof JacksonException j ? j.getOriginalMessage() : e.toString());
        }
        String message = "payload check failed: a " + type.getName() + " on '" + topic + "' does not cross nodes: " + why;
        if (reported.add(type.getName() + " " + topic)) LOG.warn("{}", message);
        throw new BusException(Reason.MALFORMED_PAYLOAD, message);
    }

    private static boolean declaresEquals(Class<?> type) {
        try {
            return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Only the names, never the values: a payload may hold what the log must not. */
    private String fieldNames(byte[] body) {
        try {
            List<String> names = new ArrayList<>();
            mapper.readTree(body).fieldNames().forEachRemaining(names::add);
            return names.toString();
        } catch (IOException e) {
            return "not an object";
        }
    }

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
