package it.devloop.greeter;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusGrants;
import dev.cairn.bus.api.Subscription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers requests on devloop/greeting with its greeting: DevLoopIT edits the greeting and asks again. */
@BusGrants(serve = Greeter.TOPIC)
@Component(immediate = true, service = {})
public final class Greeter {
    static final String TOPIC = "devloop/greeting";
    static final String GREETING = "hello from v1";
    private static final Logger LOG = LoggerFactory.getLogger(Greeter.class);

    private final Subscription serving;

    @Activate
    public Greeter(@Reference Bus bus) {
        serving = bus.handle(TOPIC, String.class, name -> GREETING);
        LOG.info("greeter serves {}: {}", TOPIC, GREETING);
    }

    @Deactivate
    void stop() {
        serving.close();
    }
}
