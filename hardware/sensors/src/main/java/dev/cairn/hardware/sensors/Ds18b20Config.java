package dev.cairn.hardware.sensors;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn DS18B20 sensor",
        description = "A DS18B20 on 1-Wire, read through the kernel's w1-therm driver: temperature (°C) on sensors/<name>.")
@interface Ds18b20Config {
    @AttributeDefinition(name = "Name", description = "The sensor's name: its topic is sensors/<name>, its health sensor:<name>.")
    String name();

    @AttributeDefinition(name = "Device id", description = "The sensor's folder under the 1-Wire directory: 28- and 12 hex digits.")
    String device_id();   // device.id

    @AttributeDefinition(name = "1-Wire directory", description = "Where the kernel lists 1-Wire devices.")
    String w1_dir() default "/sys/bus/w1/devices";   // w1.dir

    @AttributeDefinition(name = "Interval", description = "Milliseconds between readings (a 12-bit conversion takes 750 ms).", min = "10")
    long interval_ms() default 10_000;   // interval.ms

    @AttributeDefinition(name = "First retry", description = "Milliseconds before the first retry after a failure; doubles up to the last.", min = "10")
    long retry_initial_ms() default 1_000;   // retry.initial.ms

    @AttributeDefinition(name = "Longest retry", description = "The longest wait between retries, in milliseconds.", min = "10")
    long retry_max_ms() default 60_000;   // retry.max.ms
}
