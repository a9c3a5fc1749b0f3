package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two or three nodes — each a LocalBus with an MqttTransport — over one real Mosquitto. */
@Timeout(60)
class BusAcrossNodesTest extends OverMosquitto {
    record Order(String id, int cents) {
    }

    record Receipt(String orderId, boolean approved) {
    }

    @Test
    void anEventReachesTheSubscribersOfAnotherNodeDecodedIntoTheirType() {
        TestNode a = node("a");
        TestNode b = node("b");
        List<Order> got = new CopyOnWriteArrayList<>();
        b.bus.subscribe("orders/new", Order.class, (t, o) -> got.add(o));
        awaitListening(b, "orders/new");

        a.bus.publish("orders/new", new Order("o-1", 1250));

        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
        assertThat(got).containsExactly(new Order("o-1", 1250));
        assertThat(b.bus.stats().get("orders/new").delivered()).isEqualTo(1);
    }

    @Test
    void aNodeNeverGetsItsOwnEventBackOverMqtt() {
        TestNode a = node("a");
        TestNode b = node("b");
        List<String> atA = new CopyOnWriteArrayList<>();
        a.bus.subscribe("orders/#", Order.class, (t, o) -> atA.add(t + " " + o.id()));
        // b answers every order with an ack on the same tree: when a has the ack, an echo of its own
        // order (sent earlier on the same path) would have arrived before it
        b.bus.subscribe("orders/new", Order.class, (t, o) -> b.bus.publish("orders/ack", new Order(o.id(), 0)));
        awaitListening(a, "orders/#");
        awaitListening(b, "orders/new");

        a.bus.publish("orders/new", new Order("o-2", 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> atA.contains("orders/ack o-2"));
        assertThat(atA).containsExactly("orders/new o-2", "orders/ack o-2");   // the first by local delivery only
        assertThat(a.counters().dropped(Drop.ECHO)).isZero();
    }

    @Test
    void nonBlockingSubscribersGetEventsOnTheReceivingThreadAndTheOthersOnTheEventsThreadBothInOrder() {
        TestNode a = node("a");
        TestNode b = node("b");
        List<String> quick = new CopyOnWriteArrayList<>();
        List<String> other = new CopyOnWriteArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        b.bus.subscribe("orders/new", Order.class, (t, o) -> {
            threads.add("quick " + Thread.currentThread().getName());
            quick.add(o.id());
        }, SubscribeOptions.NON_BLOCKING);
        b.bus.subscribe("orders/new", Order.class, (t, o) -> {
            threads.add("other " + Thread.currentThread().getName());
            other.add(o.id());
        });
        awaitListening(b, "orders/new");

        for (int i = 0; i < 100; i++) a.bus.publish("orders/new", new Order("o" + i, i));

        await().atMost(Duration.ofSeconds(5)).until(() -> quick.size() == 100 && other.size() == 100);
        List<String> sent = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "o" + i).toList();
        assertThat(quick).isEqualTo(sent);
        assertThat(other).isEqualTo(sent);
        assertThat(threads).allSatisfy(t -> assertThat(t).matches("quick MQTT Call.*|other .* events"));
    }

    @Test
    void wildcardFiltersSelectTopicsAsInOneJvm() {
        TestNode a = node("a");
        TestNode b = node("b");
        List<String> got = new CopyOnWriteArrayList<>();
        b.bus.subscribe("sensors/+/temp", Map.class, (t, m) -> got.add(t));
        b.bus.subscribe("alerts/#", Map.class, (t, m) -> got.add(t));
        b.bus.subscribe("end", Map.class, (t, m) -> got.add(t));
        awaitListening(b, "sensors/+/temp");
        awaitListening(b, "alerts/#");
        awaitListening(b, "end");

        for (String t : List.of("sensors/gh1/temp", "sensors/gh1/humidity", "sensors/gh1/temp/raw", "alerts", "alerts/fan/on", "end")) {
            a.bus.publish(t, Map.of("v", 1));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> got.contains("end"));
        assertThat(got).containsExactly("sensors/gh1/temp", "alerts", "alerts/fan/on", "end");
    }

    @Test
    void qosZeroEventsGoOnlyWhileConnectedAndAreCountedAsDroppedOtherwise() {
        TestNode a = node("a", "events.qos", 0);
        TestNode b = node("b");
        List<Order> got = new CopyOnWriteArrayList<>();
        b.bus.subscribe("orders/new", Order.class, (t, o) -> got.add(o));
        awaitListening(b, "orders/new");
        TestNode offline = TestNode.start("off" + ids.incrementAndGet(), dir,
                TestNode.config("tcp://127.0.0.1:" + Mosquitto.freePort(), "events.qos", 0));
        nodes.add(offline);

        a.bus.publish("orders/new", new Order("q0", 1));
        offline.bus.publish("orders/new", new Order("lost", 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
        assertThat(got).containsExactly(new Order("q0", 1));
        assertThat(a.counters().queueDepth()).isZero();
        assertThat(offline.counters().dropped(Drop.OFFLINE)).isEqualTo(1);
        assertThat(offline.counters().queueDepth()).isZero();
    }

    @Test
    void aRequestIsServedByAHandlerOnAnotherNode() {
        TestNode a = node("a");
        TestNode b = node("b");
        b.bus.handle("payments/authorize", Order.class, o -> new Receipt(o.id(), o.cents() < 10_000));
        awaitServing(b, "payments/authorize");

        Receipt r = a.bus.request("payments/authorize", new Order("o-3", 999), Receipt.class, Duration.ofSeconds(5))
                .toCompletableFuture().join();

        assertThat(r).isEqualTo(new Receipt("o-3", true));
        assertThat(b.counters().requestsServed()).isEqualTo(1);
    }

    @Test
    void nodesServingOneTopicShareItsRequests() {
        TestNode a = node("a");
        TestNode b = node("b");
        TestNode c = node("c");
        AtomicInteger atB = new AtomicInteger();
        AtomicInteger atC = new AtomicInteger();
        b.bus.handle("work/do", Order.class, o -> atB.incrementAndGet());
        c.bus.handle("work/do", Order.class, o -> atC.incrementAndGet());
        awaitServing(b, "work/do");
        awaitServing(c, "work/do");

        List<CompletableFuture<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            replies.add(a.bus.request("work/do", new Order("w" + i, i), Integer.class, Duration.ofSeconds(5)).toCompletableFuture());
        }
        CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0])).join();

        assertThat(atB.get() + atC.get()).isEqualTo(40);
        assertThat(atB.get()).isPositive();
        assertThat(atC.get()).isPositive();
    }

    @Test
    void aRequestNobodyAnswersInTimeFailsWithTimeout() throws Exception {
        TestNode a = node("a");
        TestNode b = node("b");
        CountDownLatch release = serveSlowly(b, "slow/op");
        try {
            var stage = a.bus.request("slow/op", new Order("s", 1), String.class, Duration.ofMillis(300)).toCompletableFuture();

            assertThat(failure(stage).reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(a.counters().timeouts()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> a.counters().dropped(Drop.LATE_REPLY) == 1);
    }

    @Test
    void aShorterTimeOutAskedAfterALongerOneStillExpiresOnTime() throws Exception {
        TestNode a = node("a");
        TestNode b = node("b");
        CountDownLatch release = serveSlowly(b, "slow/op");
        try {
            var patient = a.bus.request("slow/op", new Order("p", 1), String.class, Duration.ofSeconds(30)).toCompletableFuture();
            var hasty = a.bus.request("slow/op", new Order("h", 2), String.class, Duration.ofMillis(300)).toCompletableFuture();

            assertThat(failure(hasty).reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(patient).isNotDone();
            assertThat(a.counters().timeouts()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aNonBlockingHandlerAnswersOnTheReceivingThreadAndCannotWaitThereForAReply() {
        TestNode a = node("a");
        TestNode b = node("b");
        TestNode c = node("c");
        List<String> threads = new CopyOnWriteArrayList<>();
        b.bus.handle("quote/get", Order.class, o -> {
            threads.add(Thread.currentThread().getName());
            return o.cents() * 2;
        }, Handling.NON_BLOCKING);
        b.bus.handle("quote/blocking", Order.class, o -> {
            threads.add(Thread.currentThread().getName());
            return o.cents() * 3;
        });
        c.bus.handle("far/op", Order.class, o -> "far " + o.id());
        b.bus.handle("nested/op", Order.class,
                o -> b.bus.request("far/op", o, String.class, Duration.ofSeconds(20)).toCompletableFuture().join(), Handling.NON_BLOCKING);
        for (String topic : List.of("quote/get", "quote/blocking", "nested/op")) awaitServing(b, topic);
        awaitServing(c, "far/op");

        assertThat(a.bus.request("quote/get", new Order("q", 21), Integer.class, Duration.ofSeconds(5)).toCompletableFuture().join()).isEqualTo(42);
        assertThat(a.bus.request("quote/blocking", new Order("q", 21), Integer.class, Duration.ofSeconds(5)).toCompletableFuture().join()).isEqualTo(63);
        BusException nested = failure(a.bus.request("nested/op", new Order("n", 1), String.class, Duration.ofSeconds(30)).toCompletableFuture());

        assertThat(threads.get(0)).as("Paho's callback thread").startsWith("MQTT Call");
        assertThat(threads.get(1)).as("a request thread of the transport").contains("requests");
        assertThat(nested.reason()).isEqualTo(Reason.HANDLER_FAILED);
        assertThat(nested.getMessage()).contains("non-blocking");
        assertThat(b.counters().timeouts()).as("it failed at once, not by waiting for the time-out").isZero();
    }

    @Test
    void aHandlerThatThrowsFailsTheRequestWithHandlerFailed() {
        TestNode a = node("a");
        TestNode b = node("b");
        b.bus.handle("fails/op", Order.class, o -> {
            throw new IllegalStateException("card declined");
        });
        awaitServing(b, "fails/op");

        BusException e = failure(a.bus.request("fails/op", new Order("f", 1), String.class, Duration.ofSeconds(5)).toCompletableFuture());

        assertThat(e.reason()).isEqualTo(Reason.HANDLER_FAILED);
        assertThat(e.getMessage()).contains("card declined");
    }

    @Test
    void aRequestNoNodeServesFailsWithNoHandlerWithoutWaitingForTheTimeout() {
        TestNode a = node("a");

        BusException e = failure(a.bus.request("nobody/home", new Order("n", 1), String.class, Duration.ofSeconds(30)).toCompletableFuture());

        assertThat(e.reason()).isEqualTo(Reason.NO_HANDLER);
        assertThat(a.counters().timeouts()).isZero();
    }

    @Test
    void aNodeThatGetsARequestItDoesNotServeAnswersNoHandler() {
        TestNode a = node("a");
        TestNode b = node("b");
        b.transport.serve("ghost/op", true);   // subscribed, but no handler on b's bus
        awaitServing(b, "ghost/op");

        BusException e = failure(a.bus.request("ghost/op", new Order("g", 1), String.class, Duration.ofSeconds(5)).toCompletableFuture());

        assertThat(e.reason()).isEqualTo(Reason.NO_HANDLER);
    }

    @Test
    void malformedAndOversizePayloadsAreDroppedAndCountedAndTrafficGoesOn() throws Exception {
        TestNode a = node("a");
        TestNode b = node("b", "payload.max.bytes", 4096);
        List<Order> got = new CopyOnWriteArrayList<>();
        b.bus.subscribe("orders/new", Order.class, (t, o) -> got.add(o));
        awaitListening(b, "orders/new");
        try (Observer rogue = new Observer(broker.url(), "rogue" + ids.incrementAndGet())) {
            rogue.publish("cairn/bus/orders/new", "{not json".getBytes(StandardCharsets.UTF_8));
            rogue.publish("cairn/bus/orders/new", ("\"" + "x".repeat(10_000) + "\"").getBytes(StandardCharsets.UTF_8));
            rogue.publish("cairn/bus/orders/new", "{\"id\":[1,2]}".getBytes(StandardCharsets.UTF_8));   // JSON, but no Order
        }
        a.bus.publish("orders/new", new Order("after", 7));

        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
        assertThat(got).containsExactly(new Order("after", 7));
        assertThat(b.counters().dropped(Drop.MALFORMED)).isEqualTo(2);        // not JSON; JSON, but no Order
        assertThat(b.counters().dropped(Drop.OVERSIZE)).isEqualTo(1);
        assertThat(b.bus.stats().get("orders/new").dropped()).isEqualTo(3);
        assertThat(b.counters().connects.sum()).isEqualTo(1);                 // never disconnected over it
    }

    /** Publishing before the broker granted the subscription would lose the event: MQTT keeps nothing for nobody. */
    private static void awaitListening(TestNode n, String filter) {
        await().atMost(Duration.ofSeconds(5)).until(() -> n.transport.listeningAtBroker(filter));
    }

    /** Serves {@code topic} on {@code n} with a handler that answers only once the returned latch is released. */
    private static CountDownLatch serveSlowly(TestNode n, String topic) {
        CountDownLatch release = new CountDownLatch(1);
        n.bus.handle(topic, Order.class, o -> {
            awaitRelease(release);
            return "late";
        });
        awaitServing(n, topic);
        return release;
    }

    private static void awaitServing(TestNode n, String topic) {
        await().atMost(Duration.ofSeconds(5)).until(() -> n.transport.servedAtBroker(topic));
    }

    private static BusException failure(CompletableFuture<?> stage) {
        try {
            stage.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(BusException.class);
            return (BusException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the stage did not fail in time", e);
        }
        throw new AssertionError("the stage completed normally");
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new CompletionException(e);
        }
    }
}
