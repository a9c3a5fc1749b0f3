package dev.cairn.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.launcher.spi.LogLine;
import dev.cairn.launcher.spi.LogQuery;
import dev.cairn.launcher.spi.NodeChannel;
import dev.cairn.launcher.spi.NodeLogs;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogOpsTest {
    private final List<LogLine> kept = new ArrayList<>();
    private final List<Consumer<LogLine>> followers = new CopyOnWriteArrayList<>();
    private final List<String> topics = new CopyOnWriteArrayList<>();
    private final List<JsonNode> published = new CopyOnWriteArrayList<>();
    private final NodeLogs logs = new NodeLogs() {
        @Override
        public List<LogLine> recent(LogQuery q) {
            List<LogLine> out = kept.stream().filter(q::matches).toList();
            return out.subList(Math.max(0, out.size() - q.limit()), out.size());
        }

        @Override
        public AutoCloseable follow(LogQuery q, Consumer<LogLine> l) {
            Consumer<LogLine> filtered = line -> {
                if (q.matches(line)) l.accept(line);
            };
            followers.add(filtered);
            return () -> followers.remove(filtered);
        }
    };
    private final NodeChannel channel = (suffix, payload) -> {
        topics.add(suffix);
        try {
            published.add(Json.MAPPER.readTree(payload));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return true;
    };
    private final LogOps ops = new LogOps(() -> logs, () -> channel, 200, 500, 3_600_000);

    @AfterEach
    void close() {
        ops.close();
    }

    private static LogLine line(long t, String level, String message) {
        return new LogLine(t, level, "dev.cairn.test", message, t + " " + level + " dev.cairn.test - " + message);
    }

    private void log(LogLine l) {
        kept.add(l);
        followers.forEach(f -> f.accept(l));
    }

    private static Args args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return new Args(m);
    }

    @Test
    @SuppressWarnings("unchecked")
    void recentAnswersTheMatchingLinesWithTheirFields() throws Exception {
        log(line(1, "INFO", "configured apple"));
        log(line(2, "WARN", "lost apple"));
        log(line(3, "WARN", "lost pear"));
        Map<String, Object> r = ops.recent(args("level", "WARN", "grep", "apple"));
        List<Map<String, Object>> lines = (List<Map<String, Object>>) r.get("lines");
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l).containsEntry("t", 2L).containsEntry("level", "WARN").containsEntry("message", "lost apple")
                    .containsEntry("text", "2 WARN dev.cairn.test - lost apple");
        });
        assertThat((List<?>) ops.recent(args("limit", 2)).get("lines")).hasSize(2);
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> ops.recent(args("level", "LOUD"))).isInstanceOf(OperationException.class)
                .satisfies(e -> assertThat(((OperationException) e).field()).isEqualTo("level"));
        assertThatThrownBy(() -> ops.recent(args("limit", 0))).satisfies(e -> assertThat(((OperationException) e).field()).isEqualTo("limit"));
        assertThatThrownBy(() -> ops.follow(args("follower", "a/b"))).satisfies(e -> assertThat(((OperationException) e).field()).isEqualTo("follower"));
        assertThatThrownBy(() -> ops.follow(args("follower", "f", "leaseSeconds", 61)))
                .satisfies(e -> assertThat(((OperationException) e).field()).isEqualTo("leaseSeconds"));
    }

    @Test
    void aFollowerGetsMatchingNewLinesInBatchesOnItsOwnTopic() throws Exception {
        ops.follow(args("follower", "f1", "grep", "apple"));
        log(line(1, "INFO", "apple one"));
        log(line(2, "INFO", "pear"));
        log(line(3, "INFO", "apple two"));
        ops.tick();
        assertThat(topics).containsExactly("logs/f1");
        assertThat(published.get(0).get("lines")).extracting(n -> n.get("message").asText()).containsExactly("apple one", "apple two");
        ops.tick();
        assertThat(published).hasSize(1);   // nothing new, nothing sent
    }

    @Test
    void aFloodIsCutToTheBucketAndTheFollowerIsToldHowManyWereDropped() throws Exception {
        ops.follow(args("follower", "f1"));
        for (int i = 0; i < 10_000; i++) log(line(i, "INFO", "flood " + i));
        ops.tick();
        long lines = published.stream().mapToLong(p -> p.get("lines").size()).sum();
        assertThat(lines).isBetween(500L, 520L);   // the burst, and what the rate refilled meanwhile
        assertThat(published).allSatisfy(p -> assertThat(p.get("lines").size()).isLessThanOrEqualTo(LogFollow.BATCH_LINES));
        long dropped = published.stream().filter(p -> p.has("dropped")).mapToLong(p -> p.get("dropped").asLong()).sum();
        assertThat(dropped + lines).isEqualTo(10_000);
    }

    @Test
    void anUnrenewedLeaseEndsAndAStopEndsAtOnce() throws Exception {
        LogOps ops = new LogOps(() -> logs, () -> channel, 200, 500);
        ops.follow(args("follower", "f1", "leaseSeconds", 1));
        assertThat(ops.followers()).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> ops.followers() == 0);
        assertThat(followers).isEmpty();
        assertThat(published).anySatisfy(p -> assertThat(p.get("ended").asText()).contains("not renewed"));
        ops.follow(args("follower", "f2"));
        assertThat(ops.follow(args("follower", "f2", "stop", true))).containsEntry("stopped", true);
        assertThat(followers).isEmpty();
        ops.close();
    }

    @Test
    void followersAreBounded() throws Exception {
        for (int i = 0; i < LogOps.MAX_FOLLOWERS; i++) ops.follow(args("follower", "f" + i));
        ops.follow(args("follower", "f0"));   // a renewal is no new follower
        assertThatThrownBy(() -> ops.follow(args("follower", "one-too-many")))
                .satisfies(e -> assertThat(((OperationException) e).code()).isEqualTo(ErrorCode.BUSY));
    }
}
