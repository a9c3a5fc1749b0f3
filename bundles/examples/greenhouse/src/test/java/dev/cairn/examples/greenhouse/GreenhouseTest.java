package dev.cairn.examples.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.cairn.bus.LocalBus;
import dev.cairn.hardware.api.ActuatorState;
import dev.cairn.hardware.api.Command;
import dev.cairn.hardware.api.Reading;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The greenhouse loop as a monolith on the in-JVM bus: readings → climate → alert → fan. */
class GreenhouseTest {
    private final LocalBus bus = new LocalBus();
    private final List<Command> fanCommands = new CopyOnWriteArrayList<>();
    private ClimateAggregator climate;
    private ClimateAlert alert;
    private FanController fan;

    @AfterEach
    void stop() {
        if (fan != null) fan.deactivate();
        if (alert != null) alert.deactivate();
        if (climate != null) climate.deactivate();
    }

    private void start(long windowMs) {
        climate = new ClimateAggregator(bus, aggregator(windowMs));
        alert = new ClimateAlert(bus, alertConfig(28.0, 1.0));
        fan = new FanController(bus, fanConfig());
    }

    private void relay() {
        bus.handle("actuators/fan/set", Command.class, c -> {
            fanCommands.add(c);
            return new ActuatorState("fan", c.action().equals(Command.ON), c.action().equals(Command.ON) ? 1 : 0, "", Instant.now());
        });
    }

    private void temperature(long second, double celsius) {
        bus.publish("sensors/gh", Reading.good("gh", "temperature", celsius, "°C", Instant.ofEpochSecond(second)));
    }

    @Test
    void theFanFollowsTheMeanWithHysteresis() {
        relay();
        start(100);   // one reading per window: the mean is the reading
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        bus.subscribe(GreenhouseTopics.ALERTS, Alert.class, (t, a) -> alerts.add(a));

        double[] celsius = {27.5, 28.0, 28.5, 28.9, 27.5, 27.0, 26.9, 27.9, 28.1};
        for (int i = 0; i < celsius.length; i++) temperature(i, celsius[i]);

        await().atMost(Duration.ofSeconds(5)).until(() -> fanCommands.size() == 3);
        assertThat(fanCommands).extracting(Command::action).containsExactly("on", "off", "on");
        assertThat(alerts).extracting(Alert::active, Alert::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(true, 28.5), org.assertj.core.groups.Tuple.tuple(false, 26.9),
                org.assertj.core.groups.Tuple.tuple(true, 28.1));
    }

    @Test
    void theAggregatorKeepsARollingMeanMinAndMaxPerSensorAndQuantity() {
        start(3_000);
        List<Climate> published = new CopyOnWriteArrayList<>();
        bus.subscribe(GreenhouseTopics.CLIMATE, Climate.class, (t, c) -> published.add(c));
        for (int s = 0; s < 5; s++) temperature(s, 20 + s);   // 20..24; the window keeps the last three seconds
        bus.publish("sensors/gh", Reading.good("gh", "humidity", 60, "%RH", Instant.ofEpochSecond(4)));
        bus.publish("sensors/gh", Reading.good("gh", "pressure", 1000, "hPa", Instant.ofEpochSecond(4)));   // not aggregated

        Climate last = published.get(4);
        assertThat(last.mean()).isCloseTo(23.0, within(1e-9));
        assertThat(last.min()).isEqualTo(22.0);
        assertThat(last.max()).isEqualTo(24.0);
        assertThat(last.count()).isEqualTo(3);
        List<Climate> now = bus.request(GreenhouseTopics.CLIMATE_NOW, "now", List.class, Duration.ofSeconds(1))
                .toCompletableFuture().join();
        assertThat(now).hasSize(2).extracting("quantity").containsExactly("humidity", "temperature");
    }

    @Test
    void aFanThatIsNotThereYetIsAskedAgainUntilItAnswers() {
        start(100);
        temperature(0, 35);
        await().atMost(Duration.ofSeconds(5)).until(() -> fan.wanted());
        relay();   // the relay's node comes up later
        await().atMost(Duration.ofSeconds(5)).until(() -> fanCommands.size() == 1);
        assertThat(fanCommands.get(0).action()).isEqualTo("on");
    }

    static ClimateAggregator.Config aggregator(long windowMs) {
        return new ClimateAggregator.Config() {
            public String sensors() { return "sensors/+"; }
            public String[] quantities() { return new String[] {"temperature", "humidity"}; }
            public long window_ms() { return windowMs; }
            public Class<? extends Annotation> annotationType() { return ClimateAggregator.Config.class; }
        };
    }

    static ClimateAlert.Config alertConfig(double threshold, double hysteresis) {
        return new ClimateAlert.Config() {
            public String quantity() { return "temperature"; }
            public double threshold() { return threshold; }
            public double hysteresis() { return hysteresis; }
            public Class<? extends Annotation> annotationType() { return ClimateAlert.Config.class; }
        };
    }

    static FanController.Config fanConfig() {
        return new FanController.Config() {
            public String fan() { return "fan"; }
            public long retry_ms() { return 10; }
            public Class<? extends Annotation> annotationType() { return FanController.Config.class; }
        };
    }
}
