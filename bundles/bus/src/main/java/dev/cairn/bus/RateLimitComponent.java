package dev.cairn.bus;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.Subscription;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One rate limit per factory configuration {@code dev.cairn.bus.ratelimit}; a bad one is refused with the key named. */
@Component(name = RateLimitComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RateLimitConfig.class, factory = true)
public final class RateLimitComponent {
    static final String PID = "dev.cairn.bus.ratelimit";
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitComponent.class);

    private final Subscription limit;

    @Activate
    public RateLimitComponent(@Reference LocalBus bus, RateLimitConfig config, Map<String, Object> properties) {
        this(bus, config, String.valueOf(properties.getOrDefault("service.pid", PID)));
    }

    RateLimitComponent(LocalBus bus, RateLimitConfig config, String pid) {
        RateLimit l;
        try {
            l = new RateLimit(config.topic() == null ? null : config.topic().trim(), parse(config), "configuration " + pid);
        } catch (IllegalArgumentException e) {
            LOG.error("rate limit {} not made: {}", pid, e.getMessage());
            throw e;
        } catch (BusException e) {
            LOG.error("rate limit {} not made: topic: {}", pid, e.getMessage());
            throw new IllegalArgumentException("topic: " + e.getMessage(), e);
        }
        this.limit = bus.guard().limits().configure(l);
    }

    private static RateSpec parse(RateLimitConfig config) {
        try {
            return RateSpec.parse(config.rate(), config.burst());
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith("burst") ? "burst" : "rate";
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        limit.close();
    }
}
