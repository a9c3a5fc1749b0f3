package dev.cairn.bus;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A configuration annotation as SCR builds one: each method answers the property of its DS name ({@code sample_ratio} → {@code sample.ratio}) or its default. */
final class TestConfigs {
    private TestConfigs() {
    }

    static <A> A of(Class<A> type, Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) properties.put((String) keyValues[i], keyValues[i + 1]);
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            String key = method.getName().replace('_', '.');
            if (properties.containsKey(key)) return properties.get(key);
            if (method.getDefaultValue() != null) return method.getDefaultValue();
            return switch (method.getName()) {
                case "toString" -> type.getSimpleName() + properties;
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == args[0];
                case "annotationType" -> type;
                default -> throw new IllegalStateException("no value for " + key);
            };
        });
        return type.cast(proxy);
    }

    /** A node's tracing, on and recording every trace. */
    static BusTracing tracingOn(LocalBus bus, String node) {
        BusTracing t = new BusTracing(node);
        t.configure(of(TraceConfig.class, "enabled", true));
        bus.bindTracing(t);
        return t;
    }
}
