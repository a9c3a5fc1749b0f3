package dev.cairn.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.bus.spi.Inbound;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A payload from another node, parsed once into a tree (the transport checks it is JSON before the bus
 * sees it) and turned into a type only when a subscriber asks for it. Each type is decoded once: every
 * subscriber of that type gets the same immutable object, as in one JVM.
 */
final class JsonInbound implements Inbound {
    private static final Object NULL = new Object();

    private final Json json;
    private final JsonNode tree;
    private final Map<Class<?>, Object> decoded = new ConcurrentHashMap<>(2);

    JsonInbound(Json json, JsonNode tree) {
        this.json = json;
        this.tree = tree;
    }

    @Override
    public <T> T as(Class<T> type) {
        Object value = decoded.get(type);
        if (value == null) {
            T v = json.convert(tree, type);   // throws BusException(MALFORMED_PAYLOAD) when it does not fit
            decoded.put(type, v == null ? NULL : v);
            return v;
        }
        return value == NULL ? null : type.cast(value);
    }

    @Override
    public String toString() {
        return tree.toString();
    }
}
