package dev.cairn.hardware.gpio;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The configurations of the three GPIO components; pins are BCM numbers (GPIO17 is 17). */
final class GpioConfigs {
    private GpioConfigs() {
    }

    @ObjectClassDefinition(name = "Cairn GPIO digital input", description = "A pin read as 0/1: every change is a Reading on sensors/<name>.")
    @interface Input {
        @AttributeDefinition(name = "Name", description = "Its topic is sensors/<name>.")
        String name();

        @AttributeDefinition(name = "Pin", description = "BCM number.", min = "0", max = "53")
        int pin();

        @AttributeDefinition(name = "Pull", options = {@Option(label = "off", value = "off"), @Option(label = "up", value = "up"),
                @Option(label = "down", value = "down")})
        String pull() default "down";

        @AttributeDefinition(name = "Debounce", description = "A change counts once the pin kept it this many milliseconds (0: at once).",
                min = "0", max = "10000")
        long debounce_ms() default 20;   // debounce.ms
    }

    @ObjectClassDefinition(name = "Cairn GPIO digital output",
            description = "A pin switched by commands on actuators/<name>/set (on, off, toggle); replies and publishes the new state.")
    @interface Output {
        @AttributeDefinition(name = "Name", description = "Its topics are actuators/<name>/set and actuators/<name>/state.")
        String name();

        @AttributeDefinition(name = "Pin", description = "BCM number.", min = "0", max = "53")
        int pin();

        @AttributeDefinition(name = "Initial state", description = "The logical state at start; off again when stopped.",
                options = {@Option(label = "off", value = "off"), @Option(label = "on", value = "on")})
        String initial() default "off";

        @AttributeDefinition(name = "Active low", description = "On means the pin is LOW (most relay boards).")
        boolean active_low() default false;   // active.low
    }

    @ObjectClassDefinition(name = "Cairn PWM output",
            description = "A PWM channel driven by commands on actuators/<name>/set (on, off, toggle, duty, frequency).")
    @interface Pwm {
        @AttributeDefinition(name = "Name", description = "Its topics are actuators/<name>/set and actuators/<name>/state.")
        String name();

        @AttributeDefinition(name = "Pin", description = "BCM number (pigpio, mock) or PWM channel (linuxfs: 0 or 1).", min = "0", max = "53")
        int pin();

        @AttributeDefinition(name = "Frequency", description = "In Hz.", min = "1", max = "1000000")
        int frequency_hz() default 1000;   // frequency.hz

        @AttributeDefinition(name = "Duty cycle", description = "In percent, at start; 0 starts it off.", min = "0", max = "100")
        double duty_cycle() default 0;   // duty.cycle
    }

    static void within(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(key + " must be between " + fmt(min) + " and " + fmt(max) + ", not " + fmt(value));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
