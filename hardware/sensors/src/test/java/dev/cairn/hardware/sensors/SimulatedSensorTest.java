package dev.cairn.hardware.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.cairn.bus.LocalBus;
import dev.cairn.hardware.api.Reading;
import dev.cairn.observe.MetricWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SimulatedSensorTest {
    @Test
    void aConstantIsConstantAndASineSwingsAroundItsBase() {
        SimulatedSignal constant = new SimulatedSignal(SimulatedSignal.Mode.CONSTANT, 21.5, 5, 1000, 0, 0, 1);
        assertThat(constant.value(0)).isEqualTo(21.5);
        assertThat(constant.value(12_345)).isEqualTo(21.5);
        SimulatedSignal sine = new SimulatedSignal(SimulatedSignal.Mode.SINE, 20, 5, 1000, 0, 0, 1);
        assertThat(sine.value(0)).isCloseTo(20, within(1e-9));
        assertThat(sine.value(250)).isCloseTo(25, within(1e-9));
        assertThat(sine.value(750)).isCloseTo(15, within(1e-9));
    }

    @Test
    void aRandomWalkStaysWithinItsBoundsAndRepeatsForASeed() {
        SimulatedSignal a = new SimulatedSignal(SimulatedSignal.Mode.RANDOM_WALK, 50, 10, 1000, 2, 0, 42);
        SimulatedSignal b = new SimulatedSignal(SimulatedSignal.Mode.RANDOM_WALK, 50, 10, 1000, 2, 0, 42);
        List<Double> first = LongStream.range(0, 10_000).mapToObj(a::value).toList();
        assertThat(first).allMatch(v -> v >= 40 && v <= 60);
        assertThat(first.stream().distinct().count()).isGreaterThan(9_000);
        assertThat(LongStream.range(0, 10_000).mapToObj(b::value).toList()).isEqualTo(first);
    }

    @Test
    void noiseHasTheConfiguredSpread() {
        SimulatedSignal noisy = new SimulatedSignal(SimulatedSignal.Mode.CONSTANT, 0, 0, 1000, 0, 0.5, 7);
        double[] v = LongStream.range(0, 20_000).mapToDouble(noisy::value).toArray();
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
        assertThat(mean).isCloseTo(0, within(0.02));
        assertThat(sd).isCloseTo(0.5, within(0.02));
    }

    @Test
    void itPublishesSimulatedReadingsAndCountsThem() {
        LocalBus bus = new LocalBus();
        List<Reading> got = new CopyOnWriteArrayList<>();
        bus.subscribe("sensors/rh", Reading.class, (t, r) -> got.add(r));
        SimulatedSensor sensor = new SimulatedSensor(TestConfig.of(SimulatedConfig.class, "name", "rh", "quantity", "humidity",
                "unit", "%RH", "mode", "constant", "base", 61.0, "interval.ms", 10L), bus, Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 5);
        } finally {
            sensor.stop();
        }
        assertThat(got).allMatch(r -> r.sensor().equals("rh") && r.quantity().equals("humidity") && r.value() == 61.0
                && r.unit().equals("%RH") && r.quality() == Reading.Quality.SIMULATED);
        List<String> metrics = new ArrayList<>();
        sensor.collect(new MetricWriter() {
            @Override
            public void counter(String name, String help, double value, String... labels) {
                metrics.add(name + labels[1] + "=" + (value > 0));
            }

            @Override
            public void gauge(String name, String help, double value, String... labels) {
                metrics.add(name + labels[1] + "=" + value);
            }
        });
        assertThat(metrics).containsExactly("cairn_sensor_readings_totalrh=true", "cairn_sensor_errors_totalrh=false", "cairn_sensor_uprh=1.0");
    }

    @Test
    void anUnknownModeIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> new SimulatedSensor(TestConfig.of(SimulatedConfig.class, "name", "x", "mode", "square"), new LocalBus(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mode must be constant, sine or random_walk, not 'square'");
    }
}
