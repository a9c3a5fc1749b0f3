package dev.cairn.hardware.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.pwm.Pwm;
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
 * A PWM output per factory configuration ({@value #PID}), a fan or a dimmer: serves
 * {@code actuators/<name>/set} — {@code on}, {@code off}, {@code toggle}, {@code duty} (percent, which
 * also switches it on, or off at 0), {@code frequency} (Hz) — and replies with the new state.
 */
@Component(name = PwmComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = GpioConfigs.Pwm.class, factory = true)
public final class PwmComponent {
    static final String PID = "dev.cairn.hardware.gpio.pwm";
    private static final Logger LOG = LoggerFactory.getLogger(PwmComponent.class);

    private final String name;
    private final Context pi4j;
    private final Bus bus;
    private final Clock clock;
    private final Pwm pwm;
    private final Subscription commands;
    private double duty;       // guarded by this: the duty cycle "on" returns to
    private int frequency;     // guarded by this

    @Activate
    public PwmComponent(GpioConfigs.Pwm config, @Reference Context pi4j, @Reference Bus bus) {
        this(config, pi4j, bus, Clock.systemUTC());
    }

    PwmComponent(GpioConfigs.Pwm c, Context pi4j, Bus bus, Clock clock) {
        this.name = HardwareTopics.checkName(c.name());
        GpioConfigs.within("pin", c.pin(), 0, 53);
        GpioConfigs.within("frequency.hz", c.frequency_hz(), 1, 1_000_000);
        GpioConfigs.within("duty.cycle", c.duty_cycle(), 0, 100);
        this.pi4j = pi4j;
        this.bus = bus;
        this.clock = clock;
        this.duty = c.duty_cycle() > 0 ? c.duty_cycle() : 100;
        this.frequency = c.frequency_hz();
        this.pwm = pi4j.create(Pwm.newConfigBuilder(pi4j).id("pwm-" + name).address(c.pin())
                .frequency(c.frequency_hz()).dutyCycle(c.duty_cycle()).initial(c.duty_cycle()).shutdown(0).build());
        if (c.duty_cycle() > 0) pwm.on(c.duty_cycle(), c.frequency_hz());
        this.commands = bus.handle(HardwareTopics.actuatorSet(name), Command.class, this::command);
        LOG.info("pwm {} on {}: {} Hz, duty {} %", name, c.pin(), c.frequency_hz(), c.duty_cycle());
    }

    synchronized ActuatorState command(Command command) {
        switch (command.action()) {
            case Command.ON -> pwm.on(duty, frequency);
            case Command.OFF -> pwm.off();
            case Command.TOGGLE -> {
                if (pwm.isOn()) pwm.off();
                else pwm.on(duty, frequency);
            }
            case Command.DUTY -> {
                double d = value(command);
                GpioConfigs.within("duty", d, 0, 100);
                if (d == 0) {
                    pwm.off();
                } else {
                    duty = d;
                    pwm.on(d, frequency);
                }
            }
            case Command.FREQUENCY -> {
                double f = value(command);
                GpioConfigs.within("frequency", f, 1, 1_000_000);
                frequency = (int) Math.round(f);
                if (pwm.isOn()) pwm.on(duty, frequency);
                else pwm.frequency(frequency);
            }
            default -> throw new IllegalArgumentException("action must be on, off, toggle, duty or frequency for pwm " + name
                    + ", not '" + command.action() + "'");
        }
        boolean on = pwm.isOn();
        ActuatorState state = new ActuatorState(name, on, on ? duty : 0, "%", clock.instant());
        bus.publish(HardwareTopics.actuatorState(name), state);
        return state;
    }

    private double value(Command command) {
        if (command.value() == null) throw new IllegalArgumentException(command.action() + " needs a value");
        return command.value();
    }

    synchronized int frequency() {
        return pwm.frequency();
    }

    @Deactivate
    void deactivate() {
        commands.close();
        try {
            if (!pi4j.isShutdown() && pi4j.registry().exists(pwm.id())) pi4j.shutdown(pwm.id());
        } catch (RuntimeException e) {
            LOG.debug("pwm {}: release failed: {}", name, e.toString());
        }
    }
}
