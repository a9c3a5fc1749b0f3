package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artemis logs through SLF4J, which here (as in a node) ends in java.util.logging. */
class ArtemisLogTest {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Logger root = Logger.getLogger("");
    final Logger artemis = Logger.getLogger("org.apache.activemq");
    Level rootLevel;
    Level artemisLevel;

    @BeforeEach
    void listen() {
        rootLevel = root.getLevel();
        artemisLevel = artemis.getLevel();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void restore() {
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        artemis.setLevel(artemisLevel);
    }

    @Test
    void artemisSaysOnlyWarningsAndErrorsWhenTheNodeIsNotAtDebug(@TempDir Path a, @TempDir Path b) {
        artemis.setLevel(null);
        root.setLevel(Level.INFO);
        int port = FreePort.find();
        Broker broker = new Broker(TestConfig.port(port), a);
        try {
            assertThatThrownBy(() -> new Broker(TestConfig.port(port), b)).isInstanceOf(IllegalStateException.class);
        } finally {
            broker.close();
        }

        assertThat(fromArtemis()).as("Artemis's records").isNotEmpty()
                .allSatisfy(r -> assertThat(r.getLevel().intValue()).isGreaterThanOrEqualTo(Level.WARNING.intValue()))
                .anySatisfy(r -> assertThat(r.getMessage()).contains("AMQ224104"));   // error starting the acceptor
        assertThat(records).filteredOn(r -> r.getLoggerName().equals(Broker.class.getName()))
                .extracting(LogRecord::getMessage).anySatisfy(m -> assertThat(m).startsWith("MQTT broker listening on"));
    }

    @Test
    void atDebugArtemisIsLeftToTell(@TempDir Path a) {
        artemis.setLevel(null);
        root.setLevel(Level.FINE);
        new Broker(TestConfig.port(FreePort.find()), a).close();

        assertThat(artemis.getLevel()).isNull();
        assertThat(fromArtemis()).anySatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.INFO));
    }

    @Test
    void aFailedLoginIsCairnsToLogNotArtemiss(@TempDir Path a) throws Exception {
        root.setLevel(Level.INFO);
        try (TestFleet fleet = TestFleet.start(a)) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> TestClient.connect(fleet.port, "n1", TestClient.login("n1", "guess")))
                        .isInstanceOf(MqttException.class);
            }
        }

        assertThat(records).extracting(LogRecord::getMessage).noneMatch(m -> m.startsWith("AMQ222216"))
                .filteredOn(m -> m.startsWith("MQTT broker refused a connection as 'n1'")).hasSize(1);
    }

    private List<LogRecord> fromArtemis() {
        return records.stream().filter(r -> r.getLoggerName().startsWith("org.apache.activemq")).toList();
    }
}
