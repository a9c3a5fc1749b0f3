package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class NodeLogTest {
    private final NodeLog.OneLineFormatter formatter = new NodeLog.OneLineFormatter();

    @Test
    void anEventIsOneLineWithTimeLevelLoggerAndMessage() {
        LogRecord r = new LogRecord(Level.WARNING, "broker\nunreachable");
        r.setLoggerName("dev.cairn.mqtt");
        r.setMillis(0);

        assertThat(formatter.format(r)).isEqualTo("1970-01-01T00:00:00Z WARN  dev.cairn.mqtt - broker unreachable" + System.lineSeparator());
    }

    @Test
    void anErrorKeepsItsCausesOnTheSameLine() {
        LogRecord r = new LogRecord(Level.SEVERE, "cannot start");
        r.setLoggerName("x");
        r.setThrown(new IllegalStateException("outer", new java.io.IOException("inner")));

        assertThat(formatter.format(r).lines()).singleElement().asString()
                .endsWith("ERROR x - cannot start | IllegalStateException: outer <- IOException: inner");
    }
}
