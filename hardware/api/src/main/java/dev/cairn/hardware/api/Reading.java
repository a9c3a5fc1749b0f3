package dev.cairn.hardware.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One measured value: {@code greenhouse / temperature = 21.37 °C at 2026-11-22T10:00:00Z, GOOD}.
 *
 * @param sensor    the configured name of the sensor (the {@code <name>} of its topic)
 * @param quantity  what was measured: {@code temperature}, {@code humidity}, {@code pressure}, {@code state}
 * @param value     the value in {@code unit}
 * @param unit      {@code °C}, {@code %RH}, {@code hPa}; empty for a digital state (0 or 1)
 * @param timestamp when the value was read
 * @param quality   how far to trust it
 */
public record Reading(String sensor, String quantity, double value, String unit, Instant timestamp, Quality quality) {
    public enum Quality {
        /** Read from a device that answered correctly. */
        GOOD,
        /** Made up by a simulator: fine for demos, not for decisions. */
        SIMULATED
    }

    public Reading {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(quality, "quality");
        unit = unit == null ? "" : unit;
        if (!Double.isFinite(value)) throw new IllegalArgumentException("value must be a finite number, not " + value);
    }

    public static Reading good(String sensor, String quantity, double value, String unit, Instant timestamp) {
        return new Reading(sensor, quantity, value, unit, timestamp, Quality.GOOD);
    }
}
