package dev.cairn.hardware.sensors;

import dev.cairn.bus.api.Bus;
import dev.cairn.hardware.api.HardwareTopics;
import dev.cairn.hardware.api.Reading;
import dev.cairn.observe.HealthCheck;
import dev.cairn.observe.MetricSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** A simulated sensor per factory configuration ({@value #PID}): readings on {@code sensors/<name>}. */
@Component(name = SimulatedSensor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {HealthCheck.class, MetricSource.class})
@Designate(ocd = SimulatedConfig.class, factory = true)
public final class SimulatedSensor extends SensorComponent {
    static final String PID = "dev.cairn.hardware.sensors.simulated";

    @Activate
    public SimulatedSensor(SimulatedConfig config, @Reference Bus bus) {
        this(config, bus, Clock.systemUTC());
    }

    SimulatedSensor(SimulatedConfig c, Bus bus, Clock clock) {
        super(c.name(), new Sampler(sampling(c), opener(c, clock), r -> bus.publish(HardwareTopics.sensor(c.name()), r), clock));
        sampler().start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private static Sampling sampling(SimulatedConfig c) {
        Sampling s = Sampling.of(c.name(), c.interval_ms(), 1_000, 1_000);
        SimulatedSignal.mode(c.mode());
        if (c.quantity() == null || c.quantity().isBlank()) throw new IllegalArgumentException("quantity must not be empty");
        Sampling.atLeast("amplitude", c.amplitude(), 0);
        Sampling.atLeast("period.ms", c.period_ms(), 10);
        Sampling.atLeast("step", c.step(), 0);
        Sampling.atLeast("noise", c.noise(), 0);
        return s;
    }

    private static Device.Opener opener(SimulatedConfig c, Clock clock) {
        Instant start = clock.instant();
        SimulatedSignal signal = new SimulatedSignal(SimulatedSignal.mode(c.mode()), c.base(), c.amplitude(), c.period_ms(),
                c.step(), c.noise(), c.seed() != 0 ? c.seed() : System.nanoTime());
        return () -> now -> List.of(new Reading(c.name(), c.quantity(), Bme280Sensor.round(signal.value(now.toEpochMilli() - start.toEpochMilli()), 3),
                c.unit(), now, Reading.Quality.SIMULATED));
    }
}
