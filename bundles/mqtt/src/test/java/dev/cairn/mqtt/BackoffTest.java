package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long c : ceilings) assertThat(b.nextMillis()).isBetween(c / 2, c);
        b.reset();
        assertThat(b.nextMillis()).isBetween(50L, 100L);
    }

    @Test
    void jitterSpreadsAFleetThatLostItsBrokerAtOneInstant() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int node = 0; node < 200; node++) {
            long d = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000)).nextMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max - min).isGreaterThan(250);
    }

    @Test
    void aHugeMaximumNeverOverflows() {
        Backoff b = new Backoff(Duration.ofMillis(1L << 40), Duration.ofMillis(Long.MAX_VALUE / 2));
        for (int i = 0; i < 100; i++) assertThat(b.nextMillis()).isPositive();
    }
}
