package dev.cairn.hardware.sensors;

import com.pi4j.context.Context;
import dev.cairn.bus.api.Bus;
import dev.cairn.hardware.api.HardwareTopics;
import dev.cairn.hardware.api.Reading;
import dev.cairn.observe.HealthCheck;
import dev.cairn.observe.MetricSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** One BME280 per factory configuration ({@value #PID}); readings on {@code sensors/<name>}. */
@Component(name = Bme280Sensor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {HealthCheck.class, MetricSource.class})
@Designate(ocd = Bme280Config.class, factory = true)
public final class Bme280Sensor extends SensorComponent {
    static final String PID = "dev.cairn.hardware.sensors.bme280";

    @Activate
    public Bme280Sensor(Bme280Config config, @Reference Context pi4j, @Reference Bus bus) {
        this(config, bus, Clock.systemUTC(), opener(config, pi4j));
    }

    Bme280Sensor(Bme280Config config, Bus bus, Clock clock, Device.Opener opener) {
        super(config.name(), new Sampler(sampling(config), opener, r -> bus.publish(HardwareTopics.sensor(config.name()), r), clock));
        sampler().start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    static Sampling sampling(Bme280Config c) {
        Sampling s = Sampling.of(c.name(), c.interval_ms(), c.retry_initial_ms(), c.retry_max_ms());
        Sampling.within("bus", c.bus(), 0, 31);
        Sampling.within("address", c.address(), 0x03, 0x77);
        Bme280.oversamplingCode("oversampling.temperature", c.oversampling_temperature(), false);
        Bme280.oversamplingCode("oversampling.pressure", c.oversampling_pressure(), true);
        Bme280.oversamplingCode("oversampling.humidity", c.oversampling_humidity(), true);
        Bme280.filterCode(c.filter());
        return s;
    }

    private static Device.Opener opener(Bme280Config c, Context pi4j) {
        sampling(c);   // validate before anything opens
        return () -> {
            Pi4jRegisters registers = Pi4jRegisters.open(pi4j, "bme280-" + c.name(), c.bus(), c.address());
            try {
                return device(c, registers);
            } catch (Exception e) {
                registers.close();
                throw e;
            }
        };
    }

    /** Opens the driver over {@code registers}: chip id, calibration, configuration — or throws. */
    static Device device(Bme280Config c, Registers registers) throws Exception {
        Bme280 chip = new Bme280(registers,
                Bme280.oversamplingCode("oversampling.temperature", c.oversampling_temperature(), false),
                Bme280.oversamplingCode("oversampling.pressure", c.oversampling_pressure(), true),
                Bme280.oversamplingCode("oversampling.humidity", c.oversampling_humidity(), true),
                Bme280.filterCode(c.filter()),
                micros -> LockSupport.parkNanos(micros * 1_000)).init();
        String name = c.name();
        return new Device() {
            @Override
            public List<Reading> read(Instant now) throws Exception {
                Bme280.Measurement m = chip.measure();
                List<Reading> out = new ArrayList<>(3);
                out.add(Reading.good(name, "temperature", round(m.celsius(), 2), "°C", now));
                if (!Double.isNaN(m.pascal())) out.add(Reading.good(name, "pressure", round(m.pascal() / 100.0, 2), "hPa", now));
                if (!Double.isNaN(m.humidity())) out.add(Reading.good(name, "humidity", round(m.humidity(), 2), "%RH", now));
                return out;
            }

            @Override
            public void close() {
                registers.close();
            }
        };
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
