package dev.cairn.examples.greenhouse;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.Subscription;
import dev.cairn.hardware.api.Reading;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Keeps a rolling window of each sensor's readings (per quantity) and, at every reading, publishes the
 * window's mean, min and max on {@value GreenhouseTopics#CLIMATE}; {@value GreenhouseTopics#CLIMATE_NOW}
 * answers with all of them.
 */
@Component(name = ClimateAggregator.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = ClimateAggregator.class, immediate = true)
@Designate(ocd = ClimateAggregator.Config.class)
public final class ClimateAggregator {
    static final String PID = "dev.cairn.examples.greenhouse.climate";

    @ObjectClassDefinition(name = "Cairn greenhouse: climate aggregator")
    @interface Config {
        @AttributeDefinition(name = "Sensors", description = "Topic filter of the readings to aggregate.")
        String sensors() default "sensors/+";

        @AttributeDefinition(name = "Quantities", description = "Which quantities to aggregate.")
        String[] quantities() default {"temperature", "humidity"};

        @AttributeDefinition(name = "Window", description = "The rolling window in milliseconds.", min = "100")
        long window_ms() default 60_000;   // window.ms
    }

    private record Sample(long at, double value) {
    }

    private final Bus bus;
    private final long windowMs;
    private final Set<String> quantities;
    private final Map<String, Deque<Sample>> windows = new HashMap<>();   // guarded by this
    private final Map<String, Climate> latest = new HashMap<>();          // guarded by this
    private final Subscription readings;
    private final Subscription now;

    @Activate
    public ClimateAggregator(@Reference Bus bus, Config config) {
        if (config.window_ms() < 100) throw new IllegalArgumentException("window.ms must be at least 100, not " + config.window_ms());
        this.bus = bus;
        this.windowMs = config.window_ms();
        this.quantities = Set.of(config.quantities());
        this.readings = bus.subscribe(config.sensors(), Reading.class, (topic, r) -> add(r));
        // a copy of what is in memory: no I/O, no waiting, so asked from another node it is answered on the
        // transport's receiving thread, one thread hand-off sooner
        this.now = bus.handle(GreenhouseTopics.CLIMATE_NOW, String.class, q -> now(), Handling.NON_BLOCKING);
    }

    @Deactivate
    void deactivate() {
        readings.close();
        now.close();
    }

    void add(Reading r) {
        if (!quantities.contains(r.quantity())) return;
        Climate climate;
        synchronized (this) {
            String key = r.sensor() + "/" + r.quantity();
            Deque<Sample> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
            long at = r.timestamp().toEpochMilli();
            window.addLast(new Sample(at, r.value()));
            while (!window.isEmpty() && window.peekFirst().at() <= at - windowMs) window.removeFirst();
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Sample s : window) {
                sum += s.value();
                min = Math.min(min, s.value());
                max = Math.max(max, s.value());
            }
            climate = new Climate(r.sensor(), r.quantity(), r.unit(), sum / window.size(), min, max, window.size(), windowMs, r.timestamp());
            latest.put(key, climate);
        }
        bus.publish(GreenhouseTopics.CLIMATE, climate);
    }

    /** Every sensor's latest statistics, by sensor and quantity. */
    public synchronized List<Climate> now() {
        List<Climate> all = new ArrayList<>(latest.values());
        all.sort(Comparator.comparing(Climate::sensor).thenComparing(Climate::quantity));
        return all;
    }

    Duration window() {
        return Duration.ofMillis(windowMs);
    }
}
