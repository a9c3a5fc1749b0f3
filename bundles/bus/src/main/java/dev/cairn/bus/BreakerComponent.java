package dev.cairn.bus;

import java.time.Clock;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per factory configuration {@code dev.cairn.bus.breaker} (a file
 * {@code dev.cairn.bus.breaker-payments.cfg}, or {@code cairnctl config apply}). A changed configuration is a new
 * breaker, closed; a bad one is refused with the key named, and no breaker is made of it.
 */
@Component(name = BreakerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = BreakerConfig.class, factory = true)
public final class BreakerComponent {
    static final String PID = "dev.cairn.bus.breaker";
    private static final Logger LOG = LoggerFactory.getLogger(BreakerComponent.class);

    private final LocalBus bus;
    private final Breaker breaker;

    @Activate
    public BreakerComponent(@Reference LocalBus bus, BreakerConfig config, Map<String, Object> properties) {
        BreakerSpec spec;
        try {
            spec = BreakerSpec.of(BreakerSpec.configurationName(properties), config);
        } catch (IllegalArgumentException e) {
            LOG.error("circuit breaker {} not made: {}", properties.get("service.pid"), e.getMessage());
            throw e;
        }
        this.bus = bus;
        this.breaker = new Breaker(spec, Clock.systemUTC());
        bus.guard().breakers().add(breaker);
    }

    @Deactivate
    void deactivate() {
        bus.guard().breakers().remove(breaker);
    }
}
