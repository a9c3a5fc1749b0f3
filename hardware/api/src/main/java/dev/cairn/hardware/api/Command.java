package dev.cairn.hardware.api;

import java.util.Objects;

/**
 * What an actuator is asked to do, sent as a request to {@code actuators/<name>/set}.
 *
 * <ul>
 * <li>{@code on}, {@code off}, {@code toggle} — every actuator; {@code value} is ignored</li>
 * <li>{@code duty} — PWM: duty cycle in percent, 0 to 100, in {@code value} (also switches it on)</li>
 * <li>{@code frequency} — PWM: frequency in Hz in {@code value}</li>
 * </ul>
 * An actuator refuses an action it does not know, or a value out of range, by failing the request
 * with the action or value named.
 */
public record Command(String action, Double value) {
    public static final String ON = "on";
    public static final String OFF = "off";
    public static final String TOGGLE = "toggle";
    public static final String DUTY = "duty";
    public static final String FREQUENCY = "frequency";

    public Command {
        Objects.requireNonNull(action, "action");
    }

    public static Command on() {
        return new Command(ON, null);
    }

    public static Command off() {
        return new Command(OFF, null);
    }

    public static Command toggle() {
        return new Command(TOGGLE, null);
    }

    public static Command switchTo(boolean on) {
        return on ? on() : off();
    }

    public static Command duty(double percent) {
        return new Command(DUTY, percent);
    }

    public static Command frequency(double hz) {
        return new Command(FREQUENCY, hz);
    }
}
