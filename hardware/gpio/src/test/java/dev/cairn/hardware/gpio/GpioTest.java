package dev.cairn.hardware.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import dev.cairn.bus.LocalBus;
import dev.cairn.bus.api.BusException;
import dev.cairn.hardware.api.ActuatorState;
import dev.cairn.hardware.api.Command;
import dev.cairn.hardware.api.Reading;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Inputs, outputs and PWM through Pi4J's mock providers and the in-JVM bus. */
class GpioTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Context pi4j = Pi4J.newContextBuilder().noAutoDetect().noAutoInject().disableShutdownHook().add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance()).build();
    private final LocalBus bus = new LocalBus();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private ActuatorState ask(String name, Command command) {
        return bus.request("actuators/" + name + "/set", command, ActuatorState.class, Duration.ofSeconds(5)).toCompletableFuture().join();
    }

    @Test
    void anInputPublishesItsStateAtStartAndEachDebouncedChange() {
        List<Reading> got = new CopyOnWriteArrayList<>();
        bus.subscribe("sensors/door", Reading.class, (t, r) -> got.add(r));
        DigitalInputComponent door = new DigitalInputComponent(TestConfig.of(GpioConfigs.Input.class, "name", "door", "pin", 27,
                "pull", "up", "debounce.ms", 30L), pi4j, bus, Clock.systemUTC());
        MockDigitalInput pin = pi4j.registry().get("input-door", MockDigitalInput.class);
        try {
            assertThat(got).hasSize(1);
            pin.mockState(DigitalState.HIGH).mockState(DigitalState.LOW).mockState(DigitalState.HIGH);   // a bounce: one change
            await().atMost(WAIT).until(() -> got.size() == 2);
            pin.mockState(DigitalState.LOW);
            await().atMost(WAIT).until(() -> got.size() == 3);
            assertThat(got).extracting(Reading::value).containsExactly(0.0, 1.0, 0.0);
            assertThat(got).allMatch(r -> r.sensor().equals("door") && r.quantity().equals("state") && r.quality() == Reading.Quality.GOOD);
        } finally {
            door.deactivate();
        }
        assertThat(pi4j.registry().exists("input-door")).as("released").isFalse();
    }

    @Test
    void withoutDebounceEveryChangeIsPublishedAtOnce() {
        List<Reading> got = new CopyOnWriteArrayList<>();
        bus.subscribe("sensors/button", Reading.class, (t, r) -> got.add(r));
        DigitalInputComponent button = new DigitalInputComponent(TestConfig.of(GpioConfigs.Input.class, "name", "button", "pin", 5,
                "debounce.ms", 0L), pi4j, bus, Clock.systemUTC());
        MockDigitalInput pin = pi4j.registry().get("input-button", MockDigitalInput.class);
        pin.mockState(DigitalState.HIGH);
        pin.mockState(DigitalState.LOW);
        assertThat(got).extracting(Reading::value).containsExactly(0.0, 1.0, 0.0);
        button.deactivate();
    }

    @Test
    void anActiveLowOutputObeysCommandsRepliesWithTheNewStateAndIsOffWhenStopped() {
        List<ActuatorState> events = new CopyOnWriteArrayList<>();
        bus.subscribe("actuators/fan/state", ActuatorState.class, (t, s) -> events.add(s));
        DigitalOutputComponent fan = new DigitalOutputComponent(TestConfig.of(GpioConfigs.Output.class, "name", "fan", "pin", 17,
                "active.low", true), pi4j, bus, Clock.systemUTC());
        DigitalOutput pin = pi4j.registry().get("output-fan", DigitalOutput.class);
        assertThat(pin.state()).as("off, active low").isEqualTo(DigitalState.HIGH);

        ActuatorState on = ask("fan", Command.on());
        assertThat(on.on()).isTrue();
        assertThat(on.value()).isEqualTo(1.0);
        assertThat(pin.state()).isEqualTo(DigitalState.LOW);
        assertThat(ask("fan", Command.toggle()).on()).isFalse();
        assertThat(pin.state()).isEqualTo(DigitalState.HIGH);
        assertThat(ask("fan", Command.toggle()).on()).isTrue();
        assertThat(events).extracting(ActuatorState::on).containsExactly(true, false, true);

        assertThatThrownBy(() -> ask("fan", new Command("blink", null))).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(BusException.class).hasMessageContaining("action must be on, off or toggle for output fan, not 'blink'");

        fan.deactivate();
        assertThat(pin.state()).as("shutdown state: off").isEqualTo(DigitalState.HIGH);
        assertThat(pi4j.registry().exists("output-fan")).isFalse();
        assertThatThrownBy(() -> ask("fan", Command.on())).cause().isInstanceOf(BusException.class);
    }

    @Test
    void anOutputCanStartOn() {
        DigitalOutputComponent lamp = new DigitalOutputComponent(TestConfig.of(GpioConfigs.Output.class, "name", "lamp", "pin", 22,
                "initial", "on"), pi4j, bus, Clock.systemUTC());
        assertThat(lamp.isOn()).isTrue();
        assertThat(pi4j.registry().get("output-lamp", DigitalOutput.class).state()).isEqualTo(DigitalState.HIGH);
        lamp.deactivate();
    }

    @Test
    void pwmTakesDutyCycleAndFrequencyByCommand() {
        PwmComponent pump = new PwmComponent(TestConfig.of(GpioConfigs.Pwm.class, "name", "pump", "pin", 18, "frequency.hz", 500), pi4j, bus, Clock.systemUTC());
        Pwm pwm = pi4j.registry().get("pwm-pump", Pwm.class);
        try {
            assertThat(pwm.isOn()).isFalse();
            ActuatorState half = ask("pump", Command.duty(50));
            assertThat(half.on()).isTrue();
            assertThat(half.value()).isEqualTo(50.0);
            assertThat(half.unit()).isEqualTo("%");
            assertThat(pwm.dutyCycle()).isEqualTo(50f);
            assertThat(ask("pump", Command.frequency(2000)).value()).isEqualTo(50.0);
            assertThat(pwm.frequency()).isEqualTo(2000);
            assertThat(ask("pump", Command.off()).on()).isFalse();
            assertThat(pwm.isOn()).isFalse();
            assertThat(ask("pump", Command.on()).value()).as("on returns to the last duty cycle").isEqualTo(50.0);
            assertThat(ask("pump", Command.duty(0)).on()).isFalse();
            assertThatThrownBy(() -> ask("pump", Command.duty(150))).cause().hasMessageContaining("duty must be between 0 and 100, not 150");
            assertThatThrownBy(() -> ask("pump", new Command("duty", null))).cause().hasMessageContaining("duty needs a value");
        } finally {
            pump.deactivate();
        }
        assertThat(pi4j.registry().exists("pwm-pump")).isFalse();
    }

    @Test
    void invalidConfigurationIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> new DigitalInputComponent(TestConfig.of(GpioConfigs.Input.class, "name", "x", "pin", 4, "pull", "sideways"),
                pi4j, bus, Clock.systemUTC())).hasMessage("pull must be off, up or down, not 'sideways'");
        assertThatThrownBy(() -> new DigitalOutputComponent(TestConfig.of(GpioConfigs.Output.class, "name", "x", "pin", 64),
                pi4j, bus, Clock.systemUTC())).hasMessage("pin must be between 0 and 53, not 64");
        assertThatThrownBy(() -> new PwmComponent(TestConfig.of(GpioConfigs.Pwm.class, "name", "x", "pin", 12, "duty.cycle", 101.0),
                pi4j, bus, Clock.systemUTC())).hasMessage("duty.cycle must be between 0 and 100, not 101");
        assertThatThrownBy(() -> new DigitalOutputComponent(TestConfig.of(GpioConfigs.Output.class, "name", "a/b", "pin", 4),
                pi4j, bus, Clock.systemUTC())).hasMessageContaining("name must be");
    }
}
