package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.api.BusHandler;
import dev.cairn.bus.spi.Inbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rate limits on a real LocalBus: declared by a whiteboard handler, or configured; time moves by hand. */
class RateLimitTest {
    static final String TOPIC = "payments/authorize";

    private final LocalBus bus = new LocalBus();
    private final TransportContractTest.RecordingTransport transport = new TransportContractTest.RecordingTransport();
    private final Whiteboard whiteboard = new Whiteboard(bus);
    private final AtomicInteger served = new AtomicInteger();
    private final MovableClock clock = new MovableClock();

    final class Payments implements BusHandler<String, String> {
        @Override
        public Class<String> type() {
            return String.class;
        }

        @Override
        public String handle(String order) {
            served.incrementAndGet();
            return "approved " + order;
        }
    }

    private CompletableFuture<String> ask() {
        return bus.request(TOPIC, "o", String.class, Duration.ofSeconds(1)).toCompletableFuture();
    }

    private static Reason reason(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        Throwable t = f.handle((r, e) -> e).join();
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        return ((BusException) t).reason();
    }

    @Test
    void aHandlersDeclaredRateRefusesTheExcessWithRateLimitedAndCountsIt() {
        whiteboard.addHandler(new Payments(), Map.of(BusHandler.TOPIC, TOPIC, BusHandler.RATE, "3/h"), Gate.OPEN);

        for (int i = 0; i < 3; i++) assertThat(ask()).isCompletedWithValue("approved o");
        CompletableFuture<String> over = ask();

        assertThat(reason(over)).isEqualTo(Reason.RATE_LIMITED);
        assertThatThrownBy(over::join).hasMessageContaining("'" + TOPIC + "' takes at most 3/h", "declared by");
        assertThat(served).as("the refused request never reached the handler").hasValue(3);
        assertThat(bus.guard().limits().refusedByTopic()).containsEntry(TOPIC, 1L);
        MetricsRecorder m = new MetricsRecorder();
        new GuardReport(bus.guard()).collect(m);
        assertThat(m.value("cairn_bus_requests_refused_total", "reason", "RATE_LIMITED", "topic", TOPIC)).isEqualTo(1.0);
        assertThat(m.value("cairn_bus_rate_limit_per_second", "topic", TOPIC)).isEqualTo(3.0 / 3600);
    }

    @Test
    void requestsFromOtherNodesAreRefusedBeforeTheyTakeAThread() {
        bus.bindTransport(transport);
        whiteboard.addHandler(new Payments(), Map.of(BusHandler.TOPIC, TOPIC, BusHandler.RATE, "1/h"), Gate.OPEN);
        List<Runnable> pool = new ArrayList<>();
        Inbound order = new Inbound() {
            @Override
            public <T> T as(Class<T> type) {
                return type.cast("remote");
            }
        };

        CompletableFuture<Object> first = transport.receiver.request(TOPIC, order, pool::add).toCompletableFuture();
        CompletableFuture<Object> second = transport.receiver.request(TOPIC, order, pool::add).toCompletableFuture();

        assertThat(reason(second)).isEqualTo(Reason.RATE_LIMITED);
        assertThat(pool).as("only the first was handed to a request thread").hasSize(1);
        pool.forEach(Runnable::run);
        assertThat(first).isCompletedWithValue("approved remote");
    }

    @Test
    void theLimitRefillsAsTimeGoesOn() {
        RateLimit l = new RateLimit(TOPIC, RateSpec.parse("10/s", 2), "test", clock::nanos);
        bus.handle(TOPIC, String.class, new Payments()::handle);
        bus.guard().limits().configure(l);

        assertThat(ask()).isCompletedWithValue("approved o");
        assertThat(ask()).isCompletedWithValue("approved o");
        assertThat(reason(ask())).as("a burst of 2").isEqualTo(Reason.RATE_LIMITED);
        clock.advance(Duration.ofMillis(200));   // 10/s in bursts of 2: 2 permits every 200 ms

        assertThat(ask()).isCompletedWithValue("approved o");
        assertThat(ask()).isCompletedWithValue("approved o");
        assertThat(reason(ask())).isEqualTo(Reason.RATE_LIMITED);
        assertThat(bus.guard().limits().refusedByTopic()).containsEntry(TOPIC, 2L);
    }

    @Test
    void aConfiguredLimitIsInForceOverTheHandlersOwnWhileItLasts() {
        whiteboard.addHandler(new Payments(), Map.of(BusHandler.TOPIC, TOPIC, BusHandler.RATE, "100/h"), Gate.OPEN);
        var configured = bus.guard().limits().configure(new RateLimit(TOPIC, RateSpec.parse("1/h", null), "configuration x"));

        ask().join();
        assertThat(reason(ask())).isEqualTo(Reason.RATE_LIMITED);
        configured.close();

        assertThat(ask()).as("the handler's own 100/h again").isCompletedWithValue("approved o");
    }

    @Test
    void eachHandlerOfATopicBringsItsOwnCapacity() {
        whiteboard.addHandler(new Payments(), Map.of(BusHandler.TOPIC, TOPIC, BusHandler.RATE, "1/h"), Gate.OPEN);
        whiteboard.addHandler(new Payments(), Map.of(BusHandler.TOPIC, TOPIC, BusHandler.RATE, "1/h"), Gate.OPEN);

        ask().join();
        ask().join();

        assertThat(reason(ask())).isEqualTo(Reason.RATE_LIMITED);
    }

    @Test
    void theLimitGoesWithItsHandler() {
        Payments p = new Payments();
        whiteboard.addHandler(p, Map.of(BusHandler.TOPIC, TOPIC, BusHandler.RATE, "1/h"), Gate.OPEN);
        ask().join();
        whiteboard.removeHandler(p);
        bus.handle(TOPIC, String.class, new Payments()::handle);

        assertThat(ask()).isCompletedWithValue("approved o");
        assertThat(ask()).isCompletedWithValue("approved o");
    }

    @Test
    void aHandlerWithABadRateServesNothingRatherThanServingUnlimited() {
        whiteboard.addHandler(new Payments(), Map.of(BusHandler.TOPIC, TOPIC, BusHandler.RATE, "lots"), Gate.OPEN);

        assertThat(reason(ask())).isEqualTo(Reason.NO_HANDLER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "100/s    |       | 100/s",
            "600/min  | 10    | 600/min (bursts of 10)",
            " 10 / h  | 0     | 10/h",
            "5/ms     |       | 5/ms"})
    void ratesAreReadAsWritten(String rate, String burst, String shown) {
        assertThat(RateSpec.parse(rate, burst).toString()).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lots     |     | a rate is a count per unit (100/s, 600/min, 10/h), not 'lots'",
            "100/day  |     | a rate's unit is ms, s, min or h, not 'day'",
            "0/s      |     | a rate counts 1 to 1000000 requests, not 0",
            "100/s    | -1  | burst must be 1 to 1000000 (0: the rate's count), not -1",
            "100/s    | ten | burst must be a whole number, not 'ten'",
            "1000000/ms | 1 | a rate of 1000000/ms in bursts of 1 hands out permits more often than every microsecond"})
    void aBadRateIsRefusedSayingWhy(String rate, String burst, String why) {
        assertThatThrownBy(() -> RateSpec.parse(rate, burst)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(why);
    }

    @Test
    void aBadConfigurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new RateLimitComponent(bus, config("payments/+", "10/s"), "dev.cairn.bus.ratelimit~x"))
                .hasMessageStartingWith("topic: invalid topic 'payments/+'");
        assertThatThrownBy(() -> new RateLimitComponent(bus, config(TOPIC, "10 per second"), "dev.cairn.bus.ratelimit~x"))
                .hasMessageStartingWith("rate: a rate is a count per unit");
        assertThat(bus.guard().limits().inForce()).isEmpty();
    }

    private static RateLimitConfig config(String topic, String rate) {
        return new RateLimitConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return RateLimitConfig.class;
            }

            @Override
            public String topic() {
                return topic;
            }

            @Override
            public String rate() {
                return rate;
            }

            @Override
            public int burst() {
                return 0;
            }
        };
    }
}
