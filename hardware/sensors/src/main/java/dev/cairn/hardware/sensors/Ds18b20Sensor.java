package dev.cairn.hardware.sensors;

import dev.cairn.bus.api.Bus;
import dev.cairn.hardware.api.HardwareTopics;
import dev.cairn.hardware.api.Reading;
import dev.cairn.observe.HealthCheck;
import dev.cairn.observe.MetricSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** One DS18B20 per factory configuration ({@value #PID}); readings on {@code sensors/<name>}. */
@Component(name = Ds18b20Sensor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {HealthCheck.class, MetricSource.class})
@Designate(ocd = Ds18b20Config.class, factory = true)
public final class Ds18b20Sensor extends SensorComponent {
    static final String PID = "dev.cairn.hardware.sensors.ds18b20";

    @Activate
    public Ds18b20Sensor(Ds18b20Config config, @Reference Bus bus) {
        this(config, bus, Clock.systemUTC());
    }

    Ds18b20Sensor(Ds18b20Config c, Bus bus, Clock clock) {
        super(c.name(), new Sampler(sampling(c), opener(c), r -> bus.publish(HardwareTopics.sensor(c.name()), r), clock));
        sampler().start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private static Sampling sampling(Ds18b20Config c) {
        Sampling s = Sampling.of(c.name(), c.interval_ms(), c.retry_initial_ms(), c.retry_max_ms());
        if (c.device_id() == null || !Ds18b20.DEVICE_ID.matcher(c.device_id()).matches()) {
            throw new IllegalArgumentException("device.id must be 28- and 12 lower-case hex digits, not '" + c.device_id() + "'");
        }
        return s;
    }

    private static Device.Opener opener(Ds18b20Config c) {
        Path dir = Path.of(c.w1_dir());
        return () -> now -> List.of(Reading.good(c.name(), "temperature", Ds18b20.read(dir, c.device_id()), "°C", now));
    }
}
