package dev.cairn.hardware.api;

import java.util.regex.Pattern;

/** The topic conventions of hardware on the bus (see the package documentation). */
public final class HardwareTopics {
    /** A sensor or actuator name: one topic level of letters, digits, {@code .}, {@code _} and {@code -}. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Matches every sensor's readings. */
    public static final String ALL_SENSORS = "sensors/+";

    private HardwareTopics() {
    }

    /** {@code sensors/<name>}: readings. */
    public static String sensor(String name) {
        return "sensors/" + checkName(name);
    }

    /** {@code actuators/<name>/set}: commands (requests). */
    public static String actuatorSet(String name) {
        return "actuators/" + checkName(name) + "/set";
    }

    /** {@code actuators/<name>/state}: state changes (events). */
    public static String actuatorState(String name) {
        return "actuators/" + checkName(name) + "/state";
    }

    /**
     * Returns {@code name} if it can be a topic level, else throws an {@link IllegalArgumentException}
     * that says what is wrong, for a component to fail its activation with.
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-64 letters, digits, '.', '_' or '-', not '" + name + "'");
        }
        return name;
    }
}
