package dev.cairn.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that only moves when a test moves it: time-based behaviour without sleeping. */
final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-03T12:00:00Z");

    void advance(Duration d) {
        now = now.plus(d);
    }

    long nanos() {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
