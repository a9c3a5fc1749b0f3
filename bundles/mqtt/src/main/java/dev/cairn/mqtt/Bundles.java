package dev.cairn.mqtt;

import java.util.List;

/** The bundles of this node, for presence: what runs here, and a signal when that changes. */
interface Bundles {
    record Info(String name, String version, String state) {
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
