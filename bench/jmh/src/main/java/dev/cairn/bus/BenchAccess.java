package dev.cairn.bus;

import java.lang.reflect.Proxy;

/** Sets up a {@link LocalBus} as configuration would, outside a framework: the benchmarks' way to its package-private switches. */
public final class BenchAccess {
    private BenchAccess() {
    }

    /** {@code calls.metrics} of {@code dev.cairn.bus}. */
    public static void callMetrics(LocalBus bus, boolean on) {
        bus.configure(config(BusConfig.class, "calls_metrics", on));
    }

    /** A tracing bound to {@code bus}, {@code enabled} as given, every trace sampled. */
    public static void tracing(LocalBus bus, boolean enabled) {
        BusTracing t = new BusTracing("bench");
        t.configure(config(TraceConfig.class, "enabled", enabled));
        bus.bindTracing(t);
    }

    private static <A> A config(Class<A> type, String method, Object value) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> m.getName().equals(method) ? value : m.getDefaultValue()));
    }
}
