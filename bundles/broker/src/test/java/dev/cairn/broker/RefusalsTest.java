package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** SLF4J ends in java.util.logging here, as in a node: the lines are caught there. */
class RefusalsTest {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger jul = Logger.getLogger("test.refusals");
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final AtomicLong now = new AtomicLong();
    final Refusals refusals = new Refusals(LoggerFactory.getLogger("test.refusals"), now::get);

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
    }

    @AfterEach
    void stop() {
        jul.removeHandler(capture);
    }

    @Test
    void eachRefusalCountsButAClientIsLoggedOncePerReasonAMinute() {
        for (int i = 0; i < 5; i++) refusals.count(Refusals.Reason.PUBLISH_DENIED, "gh", "cairn/bus/x");
        refusals.count(Refusals.Reason.PUBLISH_DENIED, "other", "cairn/bus/x");
        refusals.count(Refusals.Reason.SUBSCRIBE_DENIED, "gh", "cairn/bus/y");
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        refusals.count(Refusals.Reason.PUBLISH_DENIED, "gh", "cairn/bus/z");

        assertThat(refusals.count(Refusals.Reason.PUBLISH_DENIED)).isEqualTo(7);
        assertThat(lines).containsExactly(
                "MQTT broker refused client 'gh' publishing on cairn/bus/x: not granted",
                "MQTT broker refused client 'other' publishing on cairn/bus/x: not granted",
                "MQTT broker refused client 'gh' subscribing to cairn/bus/y: not granted",
                "MQTT broker refused client 'gh' publishing on cairn/bus/z: not granted (and 4 more such refusals since the last such line)");
    }

    @Test
    void whatComesFromTheNetworkIsLoggedShortAndWithoutControlCharacters() {
        refusals.count(Refusals.Reason.BAD_CREDENTIALS, "evil\nINFO fake line" + "x".repeat(100), "no such client");
        assertThat(lines).singleElement().asString().doesNotContain("\n").contains("evil?INFO fake line").contains("...'");
    }
}
