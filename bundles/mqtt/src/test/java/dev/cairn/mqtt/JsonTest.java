package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Reading(String sensor, double value, Instant at, Duration window) {
    }

    private final Json json = new Json();

    @Test
    void javaTimeValuesTravelAsIsoStringsAndComeBackEqual() {
        Reading r = new Reading("greenhouse-1", 21.5, Instant.parse("2026-11-22T10:15:30.123Z"), Duration.ofSeconds(90));

        byte[] bytes = json.encode(r);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"at\":\"2026-11-22T10:15:30.123Z\"").contains("\"window\":\"PT1M30S\"");
        assertThat(json.decode(bytes, Reading.class)).isEqualTo(r);
    }
}
