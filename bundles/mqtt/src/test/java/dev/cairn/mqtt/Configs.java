package dev.cairn.mqtt;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A configuration annotation instance the way SCR builds one: each method answers the property of its
 * DS name ({@code broker_urls} → {@code broker.urls}, {@code _password} → {@code .password}) or its default.
 */
final class Configs {
    private Configs() {
    }

    static MqttConfig mqtt(Map<String, ?> properties) {
        return of(MqttConfig.class, properties);
    }

    static MqttConfig mqtt(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put((String) keyValues[i], keyValues[i + 1]);
        return mqtt(map);
    }

    static <A> A of(Class<A> type, Map<String, ?> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            String key = method.getName().replace("__", "\0").replace('_', '.').replace('\0', '_');
            if (properties.containsKey(key)) {
                Object value = properties.get(key);
                if (method.getReturnType() == String[].class && value instanceof String s) return new String[] {s};
                return value;
            }
            if (method.getDefaultValue() != null) return method.getDefaultValue();
            return switch (method.getName()) {
                case "toString" -> type.getSimpleName() + properties.keySet();
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == args[0];
                case "annotationType" -> type;
                default -> throw new IllegalStateException("no value for " + key);
            };
        });
        return type.cast(proxy);
    }
}
