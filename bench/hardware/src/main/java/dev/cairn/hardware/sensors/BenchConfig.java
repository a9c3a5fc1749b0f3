package dev.cairn.hardware.sensors;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A configuration annotation with the given keys ({@code interval.ms}) and defaults for the rest. */
public final class BenchConfig {
    private BenchConfig() {
    }

    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) values.put((String) keyValues[i], keyValues[i + 1]);
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) return type;
            String key = method.getName().replace('_', '.');
            return values.containsKey(key) ? values.get(key) : method.getDefaultValue();
        });
    }
}
