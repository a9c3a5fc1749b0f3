package dev.cairn.examples.greenhouse;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.Subscription;
import dev.cairn.hardware.api.ActuatorState;
import dev.cairn.hardware.api.Command;
import dev.cairn.hardware.api.HardwareTopics;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * Switches the fan relay on while any alert is raised and off once all are cleared, by asking
 * {@code actuators/<fan>/set} — a relay on this node or on another. Until the relay answers (it may be
 * starting, or its node away) it asks again every second with the latest wish.
 */
@Component(name = FanController.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = FanController.class, immediate = true)
@Designate(ocd = FanController.Config.class)
public final class FanController {
    static final String PID = "dev.cairn.examples.greenhouse.fan";
    private static final Logger LOG = LoggerFactory.getLogger(FanController.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    @ObjectClassDefinition(name = "Cairn greenhouse: fan controller")
    @interface Config {
        @AttributeDefinition(name = "Fan", description = "The actuator's name: commands go to actuators/<fan>/set.")
        String fan() default "fan";

        @AttributeDefinition(name = "Retry", description = "Milliseconds between attempts while the fan does not answer.", min = "10")
        long retry_ms() default 1_000;   // retry.ms
    }

    private final Bus bus;
    private final String fan;
    private final long retryMs;
    private final Set<String> active = new HashSet<>();   // guarded by this
    private boolean wanted;                                // guarded by this
    private long generation;                               // guarded by this
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "greenhouse-fan");
        t.setDaemon(true);
        return t;
    });
    private final Subscription alerts;

    @Activate
    public FanController(@Reference Bus bus, Config config) {
        if (config.retry_ms() < 10) throw new IllegalArgumentException("retry.ms must be at least 10, not " + config.retry_ms());
        this.bus = bus;
        this.fan = HardwareTopics.checkName(config.fan());
        this.retryMs = config.retry_ms();
        this.alerts = bus.subscribe(GreenhouseTopics.ALERTS, Alert.class, (t, a) -> alert(a));
    }

    @Deactivate
    void deactivate() {
        alerts.close();
        retries.shutdownNow();
    }

    void alert(Alert a) {
        long ask;
        boolean on;
        synchronized (this) {
            String key = a.sensor() + "/" + a.quantity();
            if (a.active()) active.add(key);
            else active.remove(key);
            if (active.isEmpty() == !wanted) return;   // no change of wish
            wanted = !active.isEmpty();
            on = wanted;
            ask = ++generation;
        }
        ask(on, ask);
    }

    private void ask(boolean on, long ask) {
        bus.request(HardwareTopics.actuatorSet(fan), Command.switchTo(on), ActuatorState.class, ASK_TIMEOUT).whenComplete((state, failure) -> {
            synchronized (this) {
                if (ask != generation) return;   // a newer wish is under way
            }
            if (failure == null) {
                LOG.info("fan {} is {}", fan, state.on() ? "on" : "off");
            } else if (retryable(failure) && !retries.isShutdown()) {
                LOG.debug("fan {} does not answer yet: {}", fan, failure.toString());
                retries.schedule(() -> ask(on, ask), retryMs, TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("fan {} refused '{}': {}", fan, on ? "on" : "off", cause(failure).getMessage());
            }
        });
    }

    synchronized boolean wanted() {
        return wanted;
    }

    private static boolean retryable(Throwable failure) {
        return cause(failure) instanceof BusException e
                && (e.reason() == BusException.Reason.NO_HANDLER || e.reason() == BusException.Reason.TIMEOUT);
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
