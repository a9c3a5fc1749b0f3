package dev.cairn.hardware.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An actuator's state after a command: the reply to {@code actuators/<name>/set}, and the event on
 * {@code actuators/<name>/state}.
 *
 * @param actuator  the configured name
 * @param on        the logical state (an active-low relay that is "on" has its pin LOW)
 * @param value     1 or 0 for a digital output; the duty cycle in percent for PWM
 * @param unit      empty for a digital output, {@code %} for PWM
 * @param timestamp when the state was set
 */
public record ActuatorState(String actuator, boolean on, double value, String unit, Instant timestamp) {
    public ActuatorState {
        Objects.requireNonNull(actuator, "actuator");
        Objects.requireNonNull(timestamp, "timestamp");
        unit = unit == null ? "" : unit;
    }
}
