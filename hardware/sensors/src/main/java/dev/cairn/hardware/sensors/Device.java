package dev.cairn.hardware.sensors;

import dev.cairn.hardware.api.Reading;
import java.time.Instant;
import java.util.List;

/** An opened sensor: reads its quantities, or throws with the reason. */
interface Device extends AutoCloseable {
    List<Reading> read(Instant now) throws Exception;

    @Override
    default void close() {
    }

    /** Opens the device — the first time, and again after each failure. */
    @FunctionalInterface
    interface Opener {
        Device open() throws Exception;
    }
}
