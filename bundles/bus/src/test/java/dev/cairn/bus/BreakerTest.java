package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.access.Grants;
import dev.cairn.bus.access.Grants.Action;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.observe.Health;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Circuit breakers on a real LocalBus, as a bundle calls through its BundleBus; time moves by hand. */
class BreakerTest {
    static final String ORDERS = "dev.cairn.examples.orders";
    static final String TOPIC = "payments/authorize";

    private final LocalBus bus = new LocalBus();
    private final MovableClock clock = new MovableClock();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean(true);
    private final Bus orders = BundleBus.granted(bus, ORDERS, Grants.of(Map.of(Action.CALL, List.of("payments/#", "nobody/+"))));

    BreakerTest() {
        bus.handle(TOPIC, String.class, order -> {
            calls.incrementAndGet();
            if (failing.get()) throw new IllegalStateException("card service down");
            return "approved " + order;
        });
    }

    private Breaker breaker(String caller, String topic, int failures, int window, long openMs, int halfOpenCalls) {
        Breaker b = new Breaker(new BreakerSpec("payments", caller, topic, failures, window, Duration.ofMillis(openMs), halfOpenCalls), clock);
        bus.guard().breakers().add(b);
        return b;
    }

    private CompletableFuture<String> ask() {
        return orders.request(TOPIC, "o-1", String.class, Duration.ofSeconds(1)).toCompletableFuture();
    }

    private static BusException failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        Throwable t = f.handle((r, e) -> e).join();
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        assertThat(t).isInstanceOf(BusException.class);
        return (BusException) t;
    }

    @Test
    void opensAfterTheFailuresInARowThenFailsFastWithoutCallingTheHandler() {
        Breaker b = breaker(ORDERS, TOPIC, 3, 3, 30_000, 1);

        for (int i = 0; i < 3; i++) assertThat(failure(ask()).reason()).isEqualTo(Reason.HANDLER_FAILED);
        BusException open = failure(ask());

        assertThat(open.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(calls).as("the fourth request never reached the handler").hasValue(3);
        assertThat(open.getMessage()).contains("'payments'", "caller " + ORDERS, "topic " + TOPIC, "3 failure(s) in a row",
                "open since 2026-12-03T12:00:00Z", "until 2026-12-03T12:00:30Z", "card service down");
        assertThat(b.state()).isEqualTo(Breaker.State.OPEN);
        assertThat(b.refused()).isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsCountedOnItsEdgeAndTracedAsARequestThatEndedCircuitOpen() {
        BusTracing tracing = TestConfigs.tracingOn(bus, "n1");
        breaker(ORDERS, TOPIC, 1, 1, 30_000, 1);
        failure(ask());

        assertThat(failure(ask()).reason()).isEqualTo(Reason.CIRCUIT_OPEN);

        java.util.List<String> written = new java.util.ArrayList<>();
        bus.edges().write(new dev.cairn.observe.MetricWriter() {
            @Override
            public void counter(String name, String help, double value, String... labels) {
                written.add(name + List.of(labels) + "=" + (long) value);
            }

            @Override
            public void gauge(String name, String help, double value, String... labels) {
            }
        });
        assertThat(written).contains("cairn_bus_calls_total[caller, " + ORDERS + ", callee, unknown, topic, " + TOPIC
                + ", placement, local, outcome, CIRCUIT_OPEN]=1");
        assertThat(tracing.recent(1).get(0).outcome()).isEqualTo(Reason.CIRCUIT_OPEN.name());
    }

    @Test
    void aSuccessBetweenFailuresStartsTheRowAgain() {
        Breaker b = breaker(ORDERS, TOPIC, 3, 3, 30_000, 1);

        failure(ask());
        failure(ask());
        failing.set(false);
        assertThat(ask()).isCompletedWithValue("approved o-1");
        failing.set(true);
        failure(ask());
        failure(ask());

        assertThat(b.state()).isEqualTo(Breaker.State.CLOSED);
        assertThat(failure(ask()).reason()).as("the third in a row opens it").isEqualTo(Reason.HANDLER_FAILED);
        assertThat(failure(ask()).reason()).isEqualTo(Reason.CIRCUIT_OPEN);
    }

    @Test
    void withAWindowItOpensWhenThatManyOfTheLastRequestsFailed() {
        Breaker b = breaker(ORDERS, TOPIC, 2, 4, 30_000, 1);

        failure(ask());
        failing.set(false);
        ask().join();
        failing.set(true);
        failure(ask());
        assertThat(b.state()).as("3 requests: fewer than the window").isEqualTo(Breaker.State.CLOSED);
        failing.set(false);
        ask().join();

        assertThat(b.state()).as("2 of the last 4 failed").isEqualTo(Breaker.State.OPEN);
        assertThat(failure(ask()).reason()).isEqualTo(Reason.CIRCUIT_OPEN);
    }

    @Test
    void halfOpensAfterTheDelayAndASuccessClosesIt() {
        Breaker b = breaker(ORDERS, TOPIC, 2, 2, 10_000, 1);
        failure(ask());
        failure(ask());

        clock.advance(Duration.ofMillis(9_999));
        assertThat(failure(ask()).reason()).as("still open").isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(b.state()).isEqualTo(Breaker.State.OPEN);
        clock.advance(Duration.ofMillis(2));
        assertThat(b.state()).as("the delay is over: the next request is a trial").isEqualTo(Breaker.State.HALF_OPEN);
        failing.set(false);

        assertThat(ask()).isCompletedWithValue("approved o-1");
        assertThat(b.state()).isEqualTo(Breaker.State.CLOSED);
        assertThat(ask()).isCompletedWithValue("approved o-1");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aFailedTrialOpensItAgainForAnotherDelay() {
        Breaker b = breaker(ORDERS, TOPIC, 2, 2, 10_000, 1);
        failure(ask());
        failure(ask());
        clock.advance(Duration.ofMillis(10_001));

        assertThat(failure(ask()).reason()).as("the trial reaches the handler, which still fails").isEqualTo(Reason.HANDLER_FAILED);

        assertThat(b.state()).isEqualTo(Breaker.State.OPEN);
        BusException again = failure(ask());
        assertThat(again.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(again.getMessage()).as("open since the first time, until a delay after the trial")
                .contains("since 2026-12-03T12:00:00Z", "until 2026-12-03T12:00:20.001Z");
        assertThat(calls).hasValue(3);
    }

    @Test
    void whileTheTrialIsUnderWayOtherRequestsStillFailFast() {
        Breaker b = breaker(ORDERS, TOPIC, 1, 1, 1_000, 1);
        failure(ask());
        clock.advance(Duration.ofMillis(1_001));
        CompletableFuture<String> pending = new CompletableFuture<>();

        CompletableFuture<String> trial = b.call(TOPIC, () -> pending).toCompletableFuture();
        BusException meanwhile = failure(ask());

        assertThat(meanwhile.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(meanwhile.getMessage()).contains("half-open", "trial request(s) are under way");
        pending.complete("late but fine");
        assertThat(trial).isCompletedWithValue("late but fine");
        assertThat(b.state()).isEqualTo(Breaker.State.CLOSED);
    }

    @Test
    void noHandlerCountsAndRefusalsOfTheCallersOwnMakingDoNot() {
        Breaker nobody = breaker(ORDERS, "#", 2, 2, 10_000, 1);
        failing.set(false);
        for (int i = 0; i < 5; i++) {
            assertThat(failure(orders.request(TOPIC, "o", Integer.class, Duration.ofSeconds(1)).toCompletableFuture()).reason())
                    .as("a reply of the wrong type is the caller's mistake").isEqualTo(Reason.MALFORMED_PAYLOAD);
        }
        assertThat(failure(orders.request("nobody/home", "o", String.class, Duration.ofSeconds(1)).toCompletableFuture()).reason()).isEqualTo(Reason.NO_HANDLER);
        assertThat(failure(orders.request("nobody/home", "o", String.class, Duration.ofSeconds(1)).toCompletableFuture()).reason()).isEqualTo(Reason.NO_HANDLER);

        assertThat(failure(orders.request("nobody/home", "o", String.class, Duration.ofSeconds(1)).toCompletableFuture()).reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(nobody.state()).isEqualTo(Breaker.State.OPEN);
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void onlyFailuresOfTheOtherSideCount(Reason reason) {
        boolean expected = EnumSet.of(Reason.TIMEOUT, Reason.NO_HANDLER, Reason.HANDLER_FAILED, Reason.CLOSED).contains(reason);

        assertThat(Breaker.counts(new CompletionException(new BusException(reason, "x")))).isEqualTo(expected);
    }

    @Test
    void theClosestBreakerGuardsAndOtherCallersAreNotGuarded() {
        Breaker any = breaker("*", "payments/#", 1, 1, 10_000, 1);
        Breaker mine = breaker(ORDERS, TOPIC, 3, 3, 10_000, 1);
        Bus audit = BundleBus.granted(bus, "dev.cairn.audit", Grants.of(Map.of(Action.CALL, List.of("payments/#"))));

        failure(ask());
        assertThat(mine.state()).as("the named caller and topic are closer than * and a filter").isEqualTo(Breaker.State.CLOSED);
        assertThat(failure(audit.request(TOPIC, "a", String.class, Duration.ofSeconds(1)).toCompletableFuture()).reason()).isEqualTo(Reason.HANDLER_FAILED);
        assertThat(any.state()).isEqualTo(Breaker.State.OPEN);
        assertThat(failure(audit.request("payments/refund", "a", String.class, Duration.ofSeconds(1)).toCompletableFuture()).reason()).isEqualTo(Reason.CIRCUIT_OPEN);

        bus.guard().breakers().remove(mine);
        assertThat(failure(ask()).reason()).as("once removed, the * breaker guards orders too").isEqualTo(Reason.CIRCUIT_OPEN);
    }

    @Test
    void healthIsDegradedNamingTheOpenBreakerAndMetricsShowItsState() {
        breaker(ORDERS, TOPIC, 1, 1, 10_000, 1);
        GuardReport report = new GuardReport(bus.guard());
        assertThat(report.check().status()).isEqualTo(Health.Status.UP);

        failure(ask());
        failure(ask());
        failure(ask());

        Health h = report.check();
        assertThat(h.status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(h.reason()).contains("'payments'", "open since 2026-12-03T12:00:00Z", "until 2026-12-03T12:00:10Z");
        MetricsRecorder m = new MetricsRecorder();
        report.collect(m);
        assertThat(m.value("cairn_bus_breaker_state", "breaker", "payments", "caller", ORDERS, "topic", TOPIC)).isEqualTo(2.0);
        assertThat(m.value("cairn_bus_breaker_opened_total", "breaker", "payments", "caller", ORDERS, "topic", TOPIC)).isEqualTo(1.0);
        assertThat(m.value("cairn_bus_requests_refused_total", "reason", "CIRCUIT_OPEN", "topic", TOPIC)).isEqualTo(2.0);
    }

    @Test
    void aRequestThatCannotBeSentGivesItsPermitBack() {
        Breaker b = breaker(ORDERS, "payments/+", 1, 1, 1_000, 1);
        failure(ask());
        clock.advance(Duration.ofMillis(1_001));

        assertThatThrownBy(() -> b.call(TOPIC, () -> {
            throw new IllegalStateException("not sent");
        })).hasMessage("not sent");

        failing.set(false);
        assertThat(ask()).as("the trial permit came back").isCompletedWithValue("approved o-1");
    }
}
