package dev.cairn.examples.greenhouse;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Subscription;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises an alert when a sensor's rolling mean of one quantity goes above {@code threshold}, and clears
 * it only once the mean is back below {@code threshold - hysteresis}: a fan driven by it does not chatter.
 */
@Component(name = ClimateAlert.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = ClimateAlert.class, immediate = true)
@Designate(ocd = ClimateAlert.Config.class)
public final class ClimateAlert {
    static final String PID = "dev.cairn.examples.greenhouse.alert";
    private static final Logger LOG = LoggerFactory.getLogger(ClimateAlert.class);

    @ObjectClassDefinition(name = "Cairn greenhouse: climate alert")
    @interface Config {
        @AttributeDefinition(name = "Quantity", description = "The quantity watched.")
        String quantity() default "temperature";

        @AttributeDefinition(name = "Threshold", description = "An alert is raised when the rolling mean goes above it.")
        double threshold() default 28.0;

        @AttributeDefinition(name = "Hysteresis", description = "The alert clears when the mean is below threshold - hysteresis.", min = "0")
        double hysteresis() default 1.0;
    }

    private final Bus bus;
    private final String quantity;
    private final double threshold;
    private final double clearBelow;
    private final Map<String, Boolean> raised = new HashMap<>();   // guarded by this
    private final Subscription climate;

    @Activate
    public ClimateAlert(@Reference Bus bus, Config config) {
        if (!(config.hysteresis() >= 0)) throw new IllegalArgumentException("hysteresis must be at least 0, not " + config.hysteresis());
        this.bus = bus;
        this.quantity = config.quantity();
        this.threshold = config.threshold();
        this.clearBelow = config.threshold() - config.hysteresis();
        this.climate = bus.subscribe(GreenhouseTopics.CLIMATE, Climate.class, (t, c) -> check(c));
    }

    @Deactivate
    void deactivate() {
        climate.close();
    }

    void check(Climate c) {
        if (!c.quantity().equals(quantity)) return;
        Alert alert = null;
        synchronized (this) {
            boolean was = raised.getOrDefault(c.sensor(), false);
            boolean is = was ? c.mean() >= clearBelow : c.mean() > threshold;
            if (is != was) {
                raised.put(c.sensor(), is);
                alert = new Alert(c.sensor(), quantity, is, c.mean(), threshold, c.unit(), c.timestamp());
            }
        }
        if (alert != null) {
            LOG.info("alert {}: {} {} mean {} {} {} {}", alert.active() ? "raised" : "cleared", c.sensor(), quantity,
                    String.format("%.2f", c.mean()), c.unit(), alert.active() ? "above" : "back below", alert.active() ? threshold : clearBelow);
            bus.publish(GreenhouseTopics.ALERTS, alert);
        }
    }
}
