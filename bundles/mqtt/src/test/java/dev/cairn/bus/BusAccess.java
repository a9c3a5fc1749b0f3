package dev.cairn.bus;

import dev.cairn.bus.spi.Transport;

/** Binds a transport to a {@link LocalBus} the way SCR does, for tests of other bundles. */
public final class BusAccess {
    private BusAccess() {
    }

    public static void bind(LocalBus bus, Transport transport) {
        bus.bindTransport(transport);
    }

    public static void unbind(LocalBus bus, Transport transport) {
        bus.unbindTransport(transport);
    }

    /** Turns tracing on for {@code bus}, every trace recorded, as configuration {@code dev.cairn.bus.trace enabled=true} does. */
    public static dev.cairn.bus.trace.Traces trace(LocalBus bus, String node) {
        BusTracing t = new BusTracing(node);
        t.configure((TraceConfig) java.lang.reflect.Proxy.newProxyInstance(TraceConfig.class.getClassLoader(), new Class<?>[] {TraceConfig.class},
                (proxy, method, args) -> method.getName().equals("enabled") ? Boolean.TRUE : method.getDefaultValue()));
        bus.bindTracing(t);
        return t;
    }
}
