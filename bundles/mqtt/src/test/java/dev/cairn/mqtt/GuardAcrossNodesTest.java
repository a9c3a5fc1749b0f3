package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.bus.BundleBus;
import dev.cairn.bus.Resilience;
import dev.cairn.bus.access.Grants;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Circuit breakers and rate limits between two nodes — each a LocalBus with an MqttTransport — over a real Mosquitto. */
@Timeout(60)
class GuardAcrossNodesTest extends OverMosquitto {
    record Order(String id, int cents) {
    }

    @Test
    void aHandlerOverItsRateLimitOnAnotherNodeAnswersRateLimited() throws Exception {
        TestNode caller = node("a");
        TestNode payments = node("b");
        AtomicInteger served = new AtomicInteger();
        payments.bus.handle("pay/op", Order.class, o -> "paid " + o.id() + " #" + served.incrementAndGet());
        try (AutoCloseable limit = Resilience.rateLimit(payments.bus, "pay/op", "2/h")) {
            awaitServing(payments, "pay/op");

            for (int i = 0; i < 2; i++) caller.bus.request("pay/op", new Order("o" + i, 1), String.class, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            BusException over = failure(caller.bus.request("pay/op", new Order("o3", 1), String.class, Duration.ofSeconds(5)).toCompletableFuture());

            assertThat(over.reason()).as("the new reason crossed the nodes as itself").isEqualTo(Reason.RATE_LIMITED);
            assertThat(over.getMessage()).contains("'pay/op' takes at most 2/h");
            assertThat(served).hasValue(2);
            assertThat(Resilience.rateLimited(payments.bus, "pay/op")).isEqualTo(1);
            assertThat(caller.counters().timeouts()).as("refused at once, not left to time out").isZero();
        }
    }

    @Test
    void aBreakerOpenedByTimeOutsFromAnotherNodeStopsSendingThere() throws Exception {
        TestNode caller = node("a");
        TestNode payments = node("b");
        CountDownLatch release = new CountDownLatch(1);
        payments.bus.handle("slow/op", Order.class, o -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        });
        awaitServing(payments, "slow/op");
        Bus orders = BundleBus.granted(caller.bus, "orders", Grants.of(Map.of(Grants.Action.CALL, List.of("#"))));
        try (AutoCloseable breaker = Resilience.breaker(caller.bus, "slow", "orders", "slow/op", 2, 60_000)) {
            for (int i = 0; i < 2; i++) {
                assertThat(failure(orders.request("slow/op", new Order("s" + i, 1), String.class, Duration.ofMillis(300)).toCompletableFuture()).reason())
                        .isEqualTo(Reason.TIMEOUT);
            }
            // the outcome of a request over MQTT is recorded on the reply pool, just after its caller sees it
            await().atMost(Duration.ofSeconds(5)).until(() -> failure(orders.request("slow/op", new Order("probe", 1), String.class, Duration.ofMillis(300))
                    .toCompletableFuture()).reason() == Reason.CIRCUIT_OPEN);
            long sent = caller.counters().requestsSent();

            BusException open = failure(orders.request("slow/op", new Order("s9", 1), String.class, Duration.ofSeconds(30)).toCompletableFuture());

            assertThat(open.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
            assertThat(open.getMessage()).contains("'slow'", "TIMEOUT: no reply from 'slow/op'");
            assertThat(caller.counters().requestsSent()).as("nothing more was sent").isEqualTo(sent);
        } finally {
            release.countDown();
        }
    }

    private static void awaitServing(TestNode n, String topic) {
        await().atMost(Duration.ofSeconds(5)).until(() -> n.transport.servedAtBroker(topic));
    }

    private static BusException failure(CompletableFuture<?> stage) {
        try {
            stage.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(BusException.class);
            return (BusException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the stage did not fail in time", e);
        }
        throw new AssertionError("the stage did not fail");
    }
}
