package dev.cairn.hardware.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.cairn.bus.api.Bus;
import dev.cairn.hardware.api.HardwareTopics;
import dev.cairn.hardware.api.Reading;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A digital input per factory configuration ({@value #PID}): its state at start and every debounced change
 * go to {@code sensors/<name>} as a Reading of quantity {@code state}, value 1 (HIGH) or 0 (LOW).
 */
@Component(name = DigitalInputComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = GpioConfigs.Input.class, factory = true)
public final class DigitalInputComponent {
    static final String PID = "dev.cairn.hardware.gpio.input";
    private static final Logger LOG = LoggerFactory.getLogger(DigitalInputComponent.class);

    private final String name;
    private final String topic;
    private final Context pi4j;
    private final Bus bus;
    private final Clock clock;
    private final long debounceMs;
    private final DigitalInput input;
    private final ScheduledExecutorService debouncer;
    private ScheduledFuture<?> pending;      // guarded by this
    private DigitalState published;          // guarded by this

    @Activate
    public DigitalInputComponent(GpioConfigs.Input config, @Reference Context pi4j, @Reference Bus bus) {
        this(config, pi4j, bus, Clock.systemUTC());
    }

    DigitalInputComponent(GpioConfigs.Input c, Context pi4j, Bus bus, Clock clock) {
        this.name = c.name();
        this.topic = HardwareTopics.sensor(c.name());
        GpioConfigs.within("pin", c.pin(), 0, 53);
        GpioConfigs.within("debounce.ms", c.debounce_ms(), 0, 10_000);
        PullResistance pull = switch (c.pull()) {
            case "off" -> PullResistance.OFF;
            case "up" -> PullResistance.PULL_UP;
            case "down" -> PullResistance.PULL_DOWN;
            default -> throw new IllegalArgumentException("pull must be off, up or down, not '" + c.pull() + "'");
        };
        this.pi4j = pi4j;
        this.bus = bus;
        this.clock = clock;
        this.debounceMs = c.debounce_ms();
        this.debouncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gpio-input-" + name);
            t.setDaemon(true);
            return t;
        });
        this.input = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id("input-" + name).address(c.pin()).pull(pull).build());
        input.addListener((DigitalStateChangeListener) event -> changed());
        synchronized (this) {
            publish(input.state());
        }
        LOG.info("input {} on GPIO{} ({} pull, debounce {} ms): {}", name, c.pin(), c.pull(), debounceMs, input.state());
    }

    /** Called on Pi4J's thread: never throws into it. */
    private void changed() {
        try {
            if (debounceMs == 0) {
                settle();
                return;
            }
            synchronized (this) {
                if (pending != null) pending.cancel(false);   // still bouncing: wait until it stays put
                pending = debouncer.schedule(this::settle, debounceMs, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("input {}: a change was lost: {}", name, e.toString());
        }
    }

    private synchronized void settle() {
        DigitalState now = input.state();
        if (now != published) publish(now);
    }

    private void publish(DigitalState state) {
        published = state;
        bus.publish(topic, Reading.good(name, "state", state.isHigh() ? 1 : 0, "", clock.instant()));
    }

    @Deactivate
    void deactivate() {
        debouncer.shutdownNow();
        try {
            if (!pi4j.isShutdown() && pi4j.registry().exists(input.id())) pi4j.shutdown(input.id());
        } catch (RuntimeException e) {
            LOG.debug("input {}: release failed: {}", name, e.toString());
        }
    }
}
