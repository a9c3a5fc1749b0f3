package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.examples.greenhouse.Alert;
import dev.cairn.examples.greenhouse.Climate;
import dev.cairn.examples.greenhouse.GreenhouseTopics;
import dev.cairn.hardware.api.ActuatorState;
import dev.cairn.test.CairnBus;
import dev.cairn.test.CairnTest;
import dev.cairn.test.Config;
import dev.cairn.test.Node;
import dev.cairn.test.Placement;
import dev.cairn.test.Received;
import java.time.Duration;
import java.util.List;

/**
 * The greenhouse with @CairnTest: a simulated sensor and the fan relay (Pi4J's mock GPIO), and the greenhouse logic
 * (aggregate, alert, fan control), in one node and split into a sensor node and a controller node. In both the
 * temperature's swing raises an alert, switches the fan on, clears it and switches the fan off.
 */
class GreenhousePlacementsIT {

    @CairnTest(bundles = {"${cairn.home}/hardware/*.jar", "${cairn.home}/examples/greenhouse.jar"},
            split = {@Node(name = "sensors", bundles = {"dev.cairn.hardware.pi4j", "dev.cairn.hardware.gpio", "dev.cairn.hardware.sensors", "pi4j-core", "com.sun.jna"}),
                     @Node(name = "controller", bundles = "dev.cairn.examples.greenhouse")},
            config = {
                @Config(pid = "dev.cairn.hardware.pi4j", properties = "platform = mock"),
                @Config(pid = "dev.cairn.hardware.gpio.output-fan", properties = {"name = fan", "pin = 17", "active.low = true"}),
                // 28 ± 4 °C over 4 s: above 29 for a while, then below 28
                @Config(pid = "dev.cairn.hardware.sensors.simulated-greenhouse",
                        properties = {"name = greenhouse", "mode = sine", "base = 28", "amplitude = 4", "period.ms = 4000", "interval.ms = 100"}),
                @Config(pid = "dev.cairn.examples.greenhouse.climate", properties = "window.ms = 400"),
                @Config(pid = "dev.cairn.examples.greenhouse.alert", properties = {"threshold = 29", "hysteresis = 1"}),
                @Config(pid = "dev.cairn.examples.greenhouse.fan", properties = {"fan = fan", "retry.ms = 200"})})
    void theTemperatureSwingSwitchesTheFanOnAndOffInEveryPlacement(CairnBus bus) {
        Received<Alert> alerts = bus.subscribe(GreenhouseTopics.ALERTS, Alert.class);
        Received<ActuatorState> fan = bus.subscribe("actuators/fan/state", ActuatorState.class);

        Alert raised = alerts.awaitOne(Alert::active);
        assertThat(raised.sensor()).isEqualTo("greenhouse");
        assertThat(raised.value()).isGreaterThan(29);
        fan.awaitOne(ActuatorState::on);
        alerts.awaitOne(a -> !a.active() && a.timestamp().isAfter(raised.timestamp()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !last(fan.all()).on());

        Climate[] now = bus.request(GreenhouseTopics.CLIMATE_NOW, "", Climate[].class);
        assertThat(now).anySatisfy(c -> {
            assertThat(c.sensor()).isEqualTo("greenhouse");
            assertThat(c.quantity()).isEqualTo("temperature");
            assertThat(c.count()).isPositive();
        });
        if (bus.placement() == Placement.SPLIT) {
            assertThat(bus.node("controller").log()).contains("fan fan is on").doesNotContain("output fan:");   // the relay is on the other node
            assertThat(bus.node("sensors").log()).contains("output fan: on").doesNotContain("ClimateAlert");
        }
    }

    private static <T> T last(List<T> items) {
        return items.get(items.size() - 1);
    }
}
