package dev.cairn.hardware.sensors;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Cairn simulated sensor",
        description = "A made-up quantity for demos and tests, published like a real sensor's (quality SIMULATED).")
@interface SimulatedConfig {
    @AttributeDefinition(name = "Name", description = "The sensor's name: its topic is sensors/<name>, its health sensor:<name>.")
    String name();

    @AttributeDefinition(name = "Quantity", description = "temperature, humidity, pressure, ...")
    String quantity() default "temperature";

    @AttributeDefinition(name = "Unit")
    String unit() default "°C";

    @AttributeDefinition(name = "Mode", options = {@Option(label = "constant", value = "constant"), @Option(label = "sine", value = "sine"),
            @Option(label = "random walk", value = "random_walk")})
    String mode() default "sine";

    @AttributeDefinition(name = "Base", description = "The constant value, the sine's middle, the walk's start.")
    double base() default 20.0;

    @AttributeDefinition(name = "Amplitude", description = "The sine's amplitude; the walk stays within base ± amplitude.", min = "0")
    double amplitude() default 5.0;

    @AttributeDefinition(name = "Period", description = "The sine's period in milliseconds.", min = "10")
    long period_ms() default 600_000;   // period.ms

    @AttributeDefinition(name = "Step", description = "The random walk's standard deviation per reading.", min = "0")
    double step() default 0.1;

    @AttributeDefinition(name = "Noise", description = "Standard deviation of Gaussian noise added to every value (0: none).", min = "0")
    double noise() default 0.0;

    @AttributeDefinition(name = "Seed", description = "Seed of the random numbers; 0 takes a different one each start.")
    long seed() default 0;

    @AttributeDefinition(name = "Interval", description = "Milliseconds between readings.", min = "10")
    long interval_ms() default 1_000;   // interval.ms
}
