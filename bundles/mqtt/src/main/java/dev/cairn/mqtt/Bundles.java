package dev.cairn.mqtt;

import java.util.List;
import java.util.Map;

/** The bundles of this node, for presence: what runs here, what each may do on the bus, and a signal when that changes. */
interface Bundles {
    /** {@code grants}: by action ({@code publish}, {@code subscribe}, {@code serve}, {@code call}), only those it has. */
    record Info(String name, String version, String state, Map<String, List<String>> grants) {
        Info(String name, String version, String state) {
            this(name, version, state, Map.of());
        }
    }

    List<Info> list();

    /** Calls {@code listener} after bundles change; closing the handle stops it. */
    AutoCloseable watch(Runnable listener);

    static Bundles none() {
        return new Bundles() {
            @Override
            public List<Info> list() {
                return List.of();
            }

            @Override
            public AutoCloseable watch(Runnable listener) {
                return () -> { };
            }
        };
    }
}
