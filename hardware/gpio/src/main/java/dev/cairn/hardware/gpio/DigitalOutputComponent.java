package dev.cairn.hardware.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Subscription;
import dev.cairn.hardware.api.ActuatorState;
import dev.cairn.hardware.api.Command;
import dev.cairn.hardware.api.HardwareTopics;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A digital output per factory configuration ({@value #PID}), a relay typically: serves
 * {@code actuators/<name>/set} ({@code on}, {@code off}, {@code toggle}), replies with the new
 * {@link ActuatorState} and publishes it on {@code actuators/<name>/state}. Stopped, it is switched off.
 */
@Component(name = DigitalOutputComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = GpioConfigs.Output.class, factory = true)
public final class DigitalOutputComponent {
    static final String PID = "dev.cairn.hardware.gpio.output";
    private static final Logger LOG = LoggerFactory.getLogger(DigitalOutputComponent.class);

    private final String name;
    private final Context pi4j;
    private final Bus bus;
    private final Clock clock;
    private final boolean activeLow;
    private final DigitalOutput output;
    private final Subscription commands;

    @Activate
    public DigitalOutputComponent(GpioConfigs.Output config, @Reference Context pi4j, @Reference Bus bus) {
        this(config, pi4j, bus, Clock.systemUTC());
    }

    DigitalOutputComponent(GpioConfigs.Output c, Context pi4j, Bus bus, Clock clock) {
        this.name = HardwareTopics.checkName(c.name());
        GpioConfigs.within("pin", c.pin(), 0, 53);
        boolean on = switch (c.initial()) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("initial must be on or off, not '" + c.initial() + "'");
        };
        this.pi4j = pi4j;
        this.bus = bus;
        this.clock = clock;
        this.activeLow = c.active_low();
        this.output = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("output-" + name).address(c.pin())
                .initial(level(on)).shutdown(level(false)).build());
        this.commands = bus.handle(HardwareTopics.actuatorSet(name), Command.class, this::command);
        LOG.info("output {} on GPIO{}{}: {}", name, c.pin(), activeLow ? " (active low)" : "", on ? "on" : "off");
    }

    private DigitalState level(boolean on) {
        return on != activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }

    boolean isOn() {
        return output.state() == level(true);
    }

    /** Serves one command; an unknown action fails the request with the action named. */
    synchronized ActuatorState command(Command command) {
        boolean before = isOn();
        boolean on = switch (command.action()) {
            case Command.ON -> true;
            case Command.OFF -> false;
            case Command.TOGGLE -> !before;
            default -> throw new IllegalArgumentException("action must be on, off or toggle for output " + name + ", not '" + command.action() + "'");
        };
        output.state(level(on));
        ActuatorState state = new ActuatorState(name, on, on ? 1 : 0, "", clock.instant());
        if (on != before) LOG.info("output {}: {}", name, on ? "on" : "off");
        bus.publish(HardwareTopics.actuatorState(name), state);
        return state;
    }

    @Deactivate
    void deactivate() {
        commands.close();
        try {
            if (!pi4j.isShutdown() && pi4j.registry().exists(output.id())) pi4j.shutdown(output.id());   // to its shutdown state: off
        } catch (RuntimeException e) {
            LOG.debug("output {}: release failed: {}", name, e.toString());
        }
    }
}
