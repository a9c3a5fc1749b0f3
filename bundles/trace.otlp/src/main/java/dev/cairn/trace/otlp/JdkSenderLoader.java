package dev.cairn.trace.otlp;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.List;

/**
 * The exporter finds its HTTP sender with {@link java.util.ServiceLoader}, which in a bundle sees nothing of the
 * embedded jars' META-INF/services. Naming the JDK sender here also lets bnd see that its package is needed,
 * and keeps OkHttp (the exporter's default) out: the JDK's HttpClient needs no library.
 */
final class JdkSenderLoader implements ComponentLoader {
    private final ComponentLoader others = ComponentLoader.forClassLoader(JdkSenderLoader.class.getClassLoader());

    @Override
    public <T> Iterable<T> load(Class<T> type) {
        if (type == HttpSenderProvider.class) return List.of(type.cast(new JdkHttpSenderProvider()));
        return others.load(type);
    }
}
