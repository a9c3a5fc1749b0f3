package dev.cairn.hardware.sensors;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Cairn BME280 sensor",
        description = "A Bosch BME280 on I2C: temperature (°C), pressure (hPa) and humidity (%RH) on sensors/<name>.")
@interface Bme280Config {
    @AttributeDefinition(name = "Name", description = "The sensor's name: its topic is sensors/<name>, its health sensor:<name>.")
    String name();

    @AttributeDefinition(name = "I2C bus", description = "N of /dev/i2c-N (1 on a Raspberry Pi's header).", min = "0", max = "31")
    int bus() default 1;

    @AttributeDefinition(name = "Address", description = "0x76 (SDO to GND) or 0x77 (SDO to VDD), as a number: 118 or 119.",
            options = {@Option(label = "0x76", value = "118"), @Option(label = "0x77", value = "119")})
    int address() default 0x76;

    @AttributeDefinition(name = "Interval", description = "Milliseconds between readings.", min = "10")
    long interval_ms() default 10_000;   // interval.ms

    @AttributeDefinition(name = "Temperature oversampling", options = {@Option(label = "x1", value = "1"), @Option(label = "x2", value = "2"),
            @Option(label = "x4", value = "4"), @Option(label = "x8", value = "8"), @Option(label = "x16", value = "16")})
    int oversampling_temperature() default 1;   // oversampling.temperature

    @AttributeDefinition(name = "Pressure oversampling", description = "0 skips pressure.", options = {@Option(label = "skip", value = "0"),
            @Option(label = "x1", value = "1"), @Option(label = "x2", value = "2"), @Option(label = "x4", value = "4"),
            @Option(label = "x8", value = "8"), @Option(label = "x16", value = "16")})
    int oversampling_pressure() default 1;   // oversampling.pressure

    @AttributeDefinition(name = "Humidity oversampling", description = "0 skips humidity.", options = {@Option(label = "skip", value = "0"),
            @Option(label = "x1", value = "1"), @Option(label = "x2", value = "2"), @Option(label = "x4", value = "4"),
            @Option(label = "x8", value = "8"), @Option(label = "x16", value = "16")})
    int oversampling_humidity() default 1;   // oversampling.humidity

    @AttributeDefinition(name = "IIR filter", description = "Filter coefficient; 0 is off.", options = {@Option(label = "off", value = "0"),
            @Option(label = "2", value = "2"), @Option(label = "4", value = "4"), @Option(label = "8", value = "8"), @Option(label = "16", value = "16")})
    int filter() default 0;

    @AttributeDefinition(name = "First retry", description = "Milliseconds before the first retry after a failure; doubles up to the last.", min = "10")
    long retry_initial_ms() default 1_000;   // retry.initial.ms

    @AttributeDefinition(name = "Longest retry", description = "The longest wait between retries, in milliseconds.", min = "10")
    long retry_max_ms() default 60_000;   // retry.max.ms
}
