package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.launcher.spi.LogLine;
import dev.cairn.launcher.spi.LogQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogRingTest {

    private static LogRecord record(Level level, long millis, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName("dev.cairn.test");
        r.setInstant(java.time.Instant.ofEpochMilli(millis));
        return r;
    }

    @Test
    void keepsTheLastLinesFormattedAsTheFileIs() {
        LogRing ring = new LogRing(new NodeLog.OneLineFormatter(), 3, 1 << 20);
        for (int i = 1; i <= 5; i++) ring.publish(record(Level.INFO, 1_000 * i, "line " + i));
        List<LogLine> recent = ring.recent(LogQuery.all());
        assertThat(recent).extracting(LogLine::message).containsExactly("line 3", "line 4", "line 5");
        assertThat(recent.get(0).text()).isEqualTo("1970-01-01T00:00:03Z INFO  dev.cairn.test - line 3");
        assertThat(recent.get(0).level()).isEqualTo("INFO");
    }

    @Test
    void isBoundedByCharactersToo() {
        LogRing ring = new LogRing(new NodeLog.OneLineFormatter(), 1000, 200);
        for (int i = 0; i < 100; i++) ring.publish(record(Level.INFO, i, "x".repeat(50)));
        assertThat(ring.size()).isEqualTo(2);
    }

    @Test
    void filtersByLevelTimeAndTextAndLimitsToTheLast() {
        LogRing ring = new LogRing(new NodeLog.OneLineFormatter());
        ring.publish(record(Level.FINE, 1_000, "debug apple"));
        ring.publish(record(Level.INFO, 2_000, "info apple"));
        ring.publish(record(Level.WARNING, 3_000, "warn apple"));
        ring.publish(record(Level.SEVERE, 4_000, "error pear"));
        ring.publish(record(Level.WARNING, 5_000, "warn pear"));
        assertThat(ring.recent(new LogQuery("warn", 0, null, 100))).extracting(LogLine::message)
                .containsExactly("warn apple", "error pear", "warn pear");
        assertThat(ring.recent(new LogQuery(null, 2_000, "apple", 100))).extracting(LogLine::message)
                .containsExactly("info apple", "warn apple");
        assertThat(ring.recent(new LogQuery(null, 0, null, 2))).extracting(LogLine::message)
                .containsExactly("error pear", "warn pear");
        assertThat(ring.recent(new LogQuery("ERROR", 0, "apple", 100))).isEmpty();
    }

    @Test
    void aBadLevelIsRefused() {
        assertThatThrownBy(() -> new LogQuery("LOUD", 0, null, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LOUD");
    }

    @Test
    void followersGetMatchingNewLinesUntilClosedAndTheirFailuresStayTheirs() throws Exception {
        LogRing ring = new LogRing(new NodeLog.OneLineFormatter());
        List<String> seen = new ArrayList<>();
        ring.follow(LogQuery.all(), l -> {
            throw new IllegalStateException("broken follower");
        });
        AutoCloseable handle = ring.follow(new LogQuery("WARN", 0, null, 0), l -> seen.add(l.message()));
        ring.publish(record(Level.INFO, 1, "quiet"));
        ring.publish(record(Level.WARNING, 2, "loud"));
        handle.close();
        ring.publish(record(Level.WARNING, 3, "after"));
        assertThat(seen).containsExactly("loud");
        assertThat(ring.size()).isEqualTo(3);
    }

    @Test
    void aFollowerThatLogsIsNotFedItsOwnLines() {
        LogRing ring = new LogRing(new NodeLog.OneLineFormatter());
        List<String> seen = new ArrayList<>();
        ring.follow(LogQuery.all(), l -> {
            seen.add(l.message());
            ring.publish(record(Level.INFO, 2, "echo of " + l.message()));
        });
        ring.publish(record(Level.INFO, 1, "first"));
        assertThat(seen).containsExactly("first");
    }
}
