package dev.cairn.hardware.pi4j;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Cairn Pi4J context",
        description = "Which Pi4J providers drive the pins: the real ones on a Raspberry Pi, the mock ones elsewhere.")
@interface Pi4jConfig {
    @AttributeDefinition(name = "Platform", description = "auto: a Raspberry Pi if the device tree says so, else mock. "
            + "mock on a Pi drives no pin (a warning says so); raspberrypi elsewhere fails unless the board has the same drivers.",
            options = {@Option(label = "auto", value = "auto"), @Option(label = "mock", value = "mock"),
                       @Option(label = "raspberrypi", value = "raspberrypi")})
    String platform() default "auto";   // platform

    @AttributeDefinition(name = "PWM provider", description = "On a Pi: linuxfs (the kernel's pwm overlay, /sys/class/pwm) "
            + "or pigpio (the pigpio library; needs root).",
            options = {@Option(label = "linuxfs", value = "linuxfs"), @Option(label = "pigpio", value = "pigpio")})
    String pwm_provider() default "linuxfs";   // pwm.provider

    @AttributeDefinition(name = "PWM chip", description = "linuxfs: the N of /sys/class/pwm/pwmchipN.", min = "0", max = "15")
    int pwm_chip() default 0;   // pwm.chip

    @AttributeDefinition(name = "Model file", description = "Where the board says what it is (platform detection).")
    String model_file() default "/proc/device-tree/model";   // model.file
}
