package dev.cairn.bus;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One rate limit on the requests a topic's handlers take on this node: a Resilience4j {@link RateLimiter} that
 * never waits — a request finds a permit now, or is refused.
 */
final class RateLimit {
    private final String topic;
    private final RateSpec spec;
    private final String declaredBy;
    private final RateLimiter limiter;

    RateLimit(String topic, RateSpec spec, String declaredBy) {
        this(topic, spec, declaredBy, System::nanoTime);
    }

    /** {@code nanoTime}: the clock it refills by (tests move it by hand). */
    RateLimit(String topic, RateSpec spec, String declaredBy, Supplier<Long> nanoTime) {
        Topics.topic(topic);
        this.topic = topic;
        this.spec = spec;
        this.declaredBy = declaredBy;
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(spec.burst())
                .limitRefreshPeriod(spec.refreshPeriod())
                .timeoutDuration(Duration.ZERO)
                .writableStackTraceEnabled(false)
                .build();
        this.limiter = new AtomicRateLimiter("rate limit of " + topic, config, Map.of(), nanoTime);
    }

    /** True when the request may go on: a permit was free. */
    boolean admit() {
        return limiter.acquirePermission();
    }

    String topic() {
        return topic;
    }

    RateSpec spec() {
        return spec;
    }

    String declaredBy() {
        return declaredBy;
    }

    @Override
    public String toString() {
        return "'" + topic + "' at most " + spec + " (" + declaredBy + ")";
    }
}
