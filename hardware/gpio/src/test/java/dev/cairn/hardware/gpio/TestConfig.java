package dev.cairn.hardware.gpio;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A configuration annotation as DS would make it: the given keys ({@code interval.ms}), defaults for the rest. */
final class TestConfig {
    private TestConfig() {
    }

    @SuppressWarnings("unchecked")
    static <A> A of(Class<A> type, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) values.put((String) keyValues[i], keyValues[i + 1]);
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) return type;
            if (method.getName().equals("toString")) return type.getSimpleName() + values;
            String key = method.getName().replace('_', '.');
            Object v = values.containsKey(key) ? values.get(key) : method.getDefaultValue();
            if (v == null) throw new IllegalStateException("no value for " + key);
            return v;
        });
    }
}
