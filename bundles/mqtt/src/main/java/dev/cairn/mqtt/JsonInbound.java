package dev.cairn.mqtt;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.spi.Call;
import dev.cairn.bus.spi.Inbound;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A payload from another node, decoded straight from its bytes into the type a subscriber or handler
 * asks for — no tree in between — and only when asked. Each type is decoded once: every subscriber of
 * that type gets the same immutable object, as in one JVM. A payload that is not JSON, or not of the type
 * asked for, throws {@code BusException(MALFORMED_PAYLOAD)}, and the transport hears of it once.
 */
final class JsonInbound implements Inbound {
    private static final Object NULL = new Object();

    private final Json json;
    private final byte[] bytes;
    private final Consumer<String> malformed;
    private final Call call;
    private Class<?> firstType;
    private Object first;
    private Map<Class<?>, Object> others;
    private boolean reported;

    JsonInbound(Json json, byte[] bytes, Consumer<String> malformed) {
        this(json, bytes, malformed, null);
    }

    JsonInbound(Json json, byte[] bytes, Consumer<String> malformed, Call call) {
        this.json = json;
        this.bytes = bytes;
        this.malformed = malformed;
        this.call = call;
    }

    @Override
    public Call call() {
        return call;
    }

    @Override
    public synchronized <T> T as(Class<T> type) {
        Object value = type == firstType ? first : others == null ? null : others.get(type);
        if (value == null) {
            value = decode(type);
            if (firstType == null) {
                firstType = type;
                first = value;
            } else {
                if (others == null) others = new HashMap<>(4);
                others.put(type, value);
            }
        }
        return value == NULL ? null : type.cast(value);
    }

    private Object decode(Class<?> type) {
        try {
            Object v = json.decode(bytes, type);
            return v == null ? NULL : v;
        } catch (BusException e) {
            if (!reported) {
                reported = true;
                malformed.accept(e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
