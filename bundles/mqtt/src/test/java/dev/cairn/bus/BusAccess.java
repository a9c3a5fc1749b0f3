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
}
