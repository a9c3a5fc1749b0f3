package dev.cairn.hardware.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.bus.LocalBus;
import dev.cairn.hardware.api.Reading;
import dev.cairn.observe.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault puts the sensor DOWN with its reason, is logged once, retried with backoff, and heals by itself. */
class SensorFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path sysfs;
    private final LocalBus bus = new LocalBus();
    private final List<Reading> published = new CopyOnWriteArrayList<>();
    private final List<LogRecord> log = new CopyOnWriteArrayList<>();
    private final List<SensorComponent> sensors = new CopyOnWriteArrayList<>();
    private final Logger samplerLog = Logger.getLogger(Sampler.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.INFO.intValue()) log.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        bus.subscribe("sensors/+", Reading.class, (topic, r) -> published.add(r));
        samplerLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        sensors.forEach(SensorComponent::stop);
        samplerLog.removeHandler(capture);
    }

    private <S extends SensorComponent> S started(S sensor) {
        sensors.add(sensor);
        return sensor;
    }

    private long readingsOf(String sensor) {
        return published.stream().filter(r -> r.sensor().equals(sensor)).count();
    }

    private long logLines(Level level, String sensor) {
        return log.stream().filter(r -> r.getLevel().equals(level) && r.getMessage().startsWith("sensor " + sensor + ":") || r.getLevel().equals(level) && r.getMessage().startsWith("sensor " + sensor + " is DOWN")).count();
    }

    @Test
    void anI2cErrorPutsTheBme280DownWithTheReasonAndItRecoversWhenTheChipAnswersAgain() {
        FakeBme280 chip = new FakeBme280(Bme280Test.DATASHEET).adc(Bme280Test.ADC_T, Bme280Test.ADC_P, 27000);
        chip.unplug();
        Bme280Config config = TestConfig.of(Bme280Config.class, "name", "gh", "interval.ms", 20L, "retry.initial.ms", 10L, "retry.max.ms", 40L);
        Bme280Sensor sensor = started(new Bme280Sensor(config, bus, Clock.systemUTC(), chip.opener(config)));

        await().atMost(WAIT).until(() -> chip.opens.get() >= 4);   // retried, each time opening the device afresh
        Health down = sensor.check();
        assertThat(down.isUp()).isFalse();
        assertThat(down.reason()).contains("Remote I/O error (errno 121) reading register 0xd0");
        assertThat(sensor.name()).isEqualTo("sensor:gh");
        assertThat(readingsOf("gh")).isZero();

        chip.plugIn();
        await().atMost(WAIT).until(() -> readingsOf("gh") >= 6);
        assertThat(sensor.check()).isEqualTo(Health.up());
        assertThat(published).filteredOn(r -> r.quantity().equals("temperature")).first().extracting(Reading::value).isEqualTo(25.08);

        chip.unplug();   // and again, in the middle of a run
        await().atMost(WAIT).until(() -> !sensor.check().isUp());
        chip.plugIn();
        await().atMost(WAIT).until(() -> sensor.check().isUp());

        assertThat(logLines(Level.WARNING, "gh")).as("one WARN per outage, not one per attempt").isEqualTo(2);
        assertThat(logLines(Level.INFO, "gh")).as("one INFO per recovery").isEqualTo(2);
        assertThat(sensor.sampler().errors()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theRetriesBackOff() {
        Sampling s = Sampling.of("x", 1000, 100, 1000);
        assertThat(List.of(s.backoff(1), s.backoff(2), s.backoff(3), s.backoff(4), s.backoff(5), s.backoff(60)))
                .extracting(Duration::toMillis).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void aMissingOneWireDeviceThenABadCrcThenTheEightyFiveDegreeValueAreFaultsUntilAGoodReading() throws Exception {
        String id = Ds18b20Test.ID;
        Ds18b20Sensor sensor = started(new Ds18b20Sensor(TestConfig.of(Ds18b20Config.class, "name", "soil", "device.id", id,
                "w1.dir", sysfs.toString(), "interval.ms", 20L, "retry.initial.ms", 10L, "retry.max.ms", 20L), bus, Clock.systemUTC()));

        await().atMost(WAIT).until(() -> reason(sensor).contains("no 1-Wire device " + id));
        Path file = Files.createDirectories(sysfs.resolve(id)).resolve("w1_slave");
        Files.writeString(file, Ds18b20Test.DISCONNECTED);
        await().atMost(WAIT).until(() -> reason(sensor).contains("CRC check failed"));
        Files.writeString(file, Ds18b20Test.POWER_ON);
        await().atMost(WAIT).until(() -> reason(sensor).contains("85 °C is the power-on value"));
        assertThat(readingsOf("soil")).isZero();

        Files.writeString(file, Ds18b20Test.GOOD);
        await().atMost(WAIT).until(() -> sensor.check().isUp() && readingsOf("soil") > 0);
        assertThat(published).filteredOn(r -> r.sensor().equals("soil")).allMatch(r -> r.value() == 23.125 && r.unit().equals("°C"));
        assertThat(logLines(Level.WARNING, "soil")).as("one outage, whatever its reasons").isEqualTo(1);
    }

    @Test
    void otherSensorsGoOnWhileOneIsDown() {
        FakeBme280 chip = new FakeBme280(Bme280Test.DATASHEET);
        chip.unplug();
        Bme280Config config = TestConfig.of(Bme280Config.class, "name", "broken", "interval.ms", 20L, "retry.initial.ms", 10L, "retry.max.ms", 20L);
        Bme280Sensor broken = started(new Bme280Sensor(config, bus, Clock.systemUTC(), chip.opener(config)));
        SimulatedSensor fine = started(new SimulatedSensor(TestConfig.of(SimulatedConfig.class, "name", "sim", "mode", "constant",
                "base", 21.5, "interval.ms", 10L), bus, Clock.systemUTC()));

        await().atMost(WAIT).until(() -> readingsOf("sim") >= 20);
        assertThat(broken.check().isUp()).isFalse();
        assertThat(fine.check().isUp()).isTrue();
        assertThat(readingsOf("broken")).isZero();
    }

    @Test
    void aDeviceThatThrowsAnythingIsAFaultNotACrash() {
        Sampler sampler = new Sampler(Sampling.of("odd", 10, 10, 10), () -> now -> {
            throw new NoClassDefFoundError("com/sun/jna/Native");
        }, published::add, Clock.systemUTC()).start();
        try {
            await().atMost(WAIT).until(() -> sampler.errors() >= 3);
            assertThat(sampler.health().reason()).isEqualTo("NoClassDefFoundError: com/sun/jna/Native");
        } finally {
            sampler.stop();
        }
    }

    private static String reason(SensorComponent s) {
        Health h = s.check();
        return h.isUp() ? "" : h.reason();
    }
}
