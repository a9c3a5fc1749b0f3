package dev.cairn.bus;

import java.time.Clock;
import java.time.Duration;

/**
 * Circuit breakers and rate limits on a bus outside a framework — benchmarks, tests of other bundles, embedding —
 * doing what the configurations {@code dev.cairn.bus.breaker} and {@code dev.cairn.bus.ratelimit} do on a node.
 * Closing what they return removes them.
 */
public final class Resilience {
    private Resilience() {
    }

    /** A breaker on {@code caller}'s requests to {@code topic}: opens after {@code failures} in a row, for {@code openMs}. */
    public static AutoCloseable breaker(LocalBus bus, String name, String caller, String topic, int failures, long openMs) {
        Breaker b = new Breaker(new BreakerSpec(name, caller, topic, failures, failures, Duration.ofMillis(openMs), 1), Clock.systemUTC());
        bus.guard().breakers().add(b);
        return () -> bus.guard().breakers().remove(b);
    }

    /** A limit of {@code rate} ({@code 100/s}) on the requests this bus's handlers of {@code topic} take. */
    public static AutoCloseable rateLimit(LocalBus bus, String topic, String rate) {
        return bus.guard().limits().configure(new RateLimit(topic, RateSpec.parse(rate, null), "configured in code"))::close;
    }

    /** Requests to {@code topic} refused so far by its rate limit. */
    public static long rateLimited(LocalBus bus, String topic) {
        return bus.guard().limits().refusedByTopic().getOrDefault(topic, 0L);
    }
}
