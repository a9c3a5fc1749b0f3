package dev.cairn.bus;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker on the requests of a caller to a topic (or filter), a Resilience4j {@link CircuitBreaker}
 * underneath: a count-based window of the last requests, opened when enough of them failed. Only failures that
 * say the handler side is broken or gone count ({@link #counts}); the rest pass it by unrecorded.
 */
final class Breaker {
    private static final Logger LOG = LoggerFactory.getLogger(Breaker.class);

    /** As {@code cairn_bus_breaker_state} shows it. */
    enum State {
        CLOSED(0), HALF_OPEN(1), OPEN(2);

        final int gauge;

        State(int gauge) {
            this.gauge = gauge;
        }
    }

    private final BreakerSpec spec;
    private final Clock clock;
    private final CircuitBreaker circuit;
    private final LongAdder refused = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final BiConsumer<Object, Throwable> record = this::record;
    /** When it last opened (for "until"), and when it first opened since it was last closed (for "since"). */
    private volatile Instant openedAt;
    private volatile Instant downSince;
    private volatile String lastFailure = "";
    private volatile CircuitBreaker.State known = CircuitBreaker.State.CLOSED;

    Breaker(BreakerSpec spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindow(spec.window(), spec.window(), SlidingWindowType.COUNT_BASED)
                // the same float expression Resilience4j computes the rate with, so "3 of 10" opens at exactly 3
                .failureRateThreshold(spec.failures() * 100.0f / spec.window())
                .waitDurationInOpenState(spec.open())
                .permittedNumberOfCallsInHalfOpenState(spec.halfOpenCalls())
                .recordException(Breaker::counts)
                .ignoreException(t -> !counts(t))
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        circuit = CircuitBreaker.of(spec.name(), config);
        // Transitions are noticed by reading the state after each step, not by an event consumer: with any consumer
        // registered Resilience4j makes an event object (and reads the time zone's clock) for every request.
    }

    BreakerSpec spec() {
        return spec;
    }

    /**
     * Sends the request through the breaker: refused with {@code CIRCUIT_OPEN} without calling while it is open,
     * else sent, and its outcome recorded as it completes. The caller gets the request's own stage, untouched.
     */
    <R> CompletionStage<R> call(String topic, Supplier<CompletionStage<R>> request) {
        return call(topic, request, why -> { });
    }

    /** As {@link #call(String, Supplier)}; {@code refusedWith} hears of each request refused while open. */
    <R> CompletionStage<R> call(String topic, Supplier<CompletionStage<R>> request, java.util.function.Consumer<BusException> refusedWith) {
        boolean permitted = circuit.tryAcquirePermission();
        notice();
        if (!permitted) {
            refused.increment();
            BusException why = new BusException(Reason.CIRCUIT_OPEN, refusal(topic));
            refusedWith.accept(why);
            return CompletableFuture.failedFuture(why);
        }
        CompletionStage<R> stage;
        try {
            stage = request.get();
        } catch (RuntimeException | Error e) {
            circuit.releasePermission();
            throw e;
        }
        stage.whenComplete(record);
        return stage;
    }

    /** True for a failure that says the other side is broken or gone; refusals of the caller's own making are not. */
    static boolean counts(Throwable failure) {
        Throwable t = unwrap(failure);
        if (!(t instanceof BusException e)) return true;
        return switch (e.reason()) {
            case TIMEOUT, NO_HANDLER, HANDLER_FAILED, CLOSED -> true;
            case INVALID_TOPIC, MALFORMED_PAYLOAD, NOT_GRANTED, CIRCUIT_OPEN, RATE_LIMITED -> false;
        };
    }

    State state() {
        return switch (circuit.getState()) {
            case OPEN, FORCED_OPEN -> until() != null && !clock.instant().isBefore(until()) ? State.HALF_OPEN : State.OPEN;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.CLOSED;
        };
    }

    long refused() {
        return refused.sum();
    }

    long opened() {
        return opened.sum();
    }

    /** What /health says while it is not closed. */
    String status() {
        State s = state();
        if (s == State.CLOSED) return null;
        String base = "circuit breaker " + spec.describe() + " is open since " + downSince + " after " + spec.threshold()
                + " (last: " + lastFailure + ")";
        return s == State.OPEN ? base + "; requests fail fast until " + until()
                : base + "; half-open: trial requests go through";
    }

    private String refusal(String topic) {
        if (circuit.getState() == CircuitBreaker.State.HALF_OPEN) {
            return "circuit breaker " + spec.describe() + " is half-open since " + until() + ": its "
                    + spec.halfOpenCalls() + " trial request(s) are under way, so '" + topic + "' is not asked until they"
                    + " come back (open since " + downSince + ", last failure: " + lastFailure + ")";
        }
        return "circuit breaker " + spec.describe() + " is open since " + downSince + " after " + spec.threshold()
                + " (last: " + lastFailure + "): '" + topic + "' is not asked until " + until();
    }

    private Instant until() {
        Instant at = openedAt;
        return at == null ? null : at.plus(spec.open());
    }

    private void record(Object reply, Throwable failure) {
        try {
            if (failure == null) {
                circuit.onSuccess(0, TimeUnit.NANOSECONDS);
            } else {
                Throwable t = unwrap(failure);
                if (counts(t)) lastFailure = t instanceof BusException e ? e.reason() + ": " + e.getMessage() : String.valueOf(t);
                circuit.onError(0, TimeUnit.NANOSECONDS, t);
            }
            notice();
        } catch (RuntimeException e) {
            LOG.warn("circuit breaker {} could not record an outcome", spec.describe(), e);
        }
    }

    private void notice() {
        CircuitBreaker.State now = circuit.getState();
        if (now != known) noticed(now);
    }

    private synchronized void noticed(CircuitBreaker.State now) {
        CircuitBreaker.State from = known;
        if (now == from) return;
        known = now;
        transition(from, now);
    }

    private void transition(CircuitBreaker.State from, CircuitBreaker.State to) {
        switch (to) {
            case OPEN -> {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);   // messages read better without nanoseconds
                openedAt = now;
                if (from != CircuitBreaker.State.HALF_OPEN || downSince == null) downSince = now;
                opened.increment();
                LOG.warn("circuit breaker {} opened after {} (last: {}): requests fail fast with CIRCUIT_OPEN until {}",
                        spec.describe(), from == CircuitBreaker.State.HALF_OPEN
                                ? "its trial request(s) failed" : spec.threshold(), lastFailure, until());
            }
            case HALF_OPEN -> LOG.info("circuit breaker {} half-open: {} trial request(s) go through", spec.describe(), spec.halfOpenCalls());
            case CLOSED -> {
                downSince = null;
                LOG.info("circuit breaker {} closed: requests go through again", spec.describe());
            }
            default -> LOG.debug("circuit breaker {}: {} to {}", spec.describe(), from, to);
        }
    }

    /** The failure itself, out of the completion or execution exceptions a stage or future wraps it in. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    @Override
    public String toString() {
        return "Breaker" + spec.describe();
    }
}
