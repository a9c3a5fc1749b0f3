package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.api.Overflow;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscription;
import dev.cairn.bus.api.TopicStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalBusTest {
    record Order(String id, int cents) {
    }

    record Receipt(String orderId, boolean approved) {
    }

    private final LocalBus bus = new LocalBus();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aPublishReachesEveryMatchingSubscriberInOrderByReferenceInThePublishersThread() {
        Order order = new Order("o-1", 1250);
        List<String> calls = new ArrayList<>();
        Thread publisher = Thread.currentThread();
        bus.subscribe("orders/new", Order.class, (t, o) -> {
            assertThat(o).isSameAs(order);
            assertThat(Thread.currentThread()).isSameAs(publisher);
            calls.add("exact " + t);
        });
        bus.subscribe("orders/+", Order.class, (t, o) -> calls.add("plus " + t));
        bus.subscribe("#", Object.class, (t, o) -> calls.add("all " + t));
        bus.subscribe("payments/#", Object.class, (t, o) -> calls.add("other " + t));

        bus.publish("orders/new", order);

        assertThat(calls).containsExactly("exact orders/new", "plus orders/new", "all orders/new");
        assertThat(bus.stats().get("orders/new")).isEqualTo(new TopicStats(1, 3, 0, 0));
    }

    @Test
    void aClosedSubscriptionReceivesNothingMoreAndClosingTwiceIsHarmless() {
        List<Order> got = new ArrayList<>();
        Subscription s = bus.subscribe("orders/new", Order.class, (t, o) -> got.add(o));
        bus.publish("orders/new", new Order("1", 1));
        s.close();
        s.close();
        bus.publish("orders/new", new Order("2", 2));

        assertThat(got).extracting(Order::id).containsExactly("1");
    }

    @Test
    void aSubscriberThatThrowsNeitherReachesThePublisherNorStopsTheOthers() {
        List<String> got = new ArrayList<>();
        bus.subscribe("orders/new", Order.class, (t, o) -> {
            throw new IllegalStateException("bug in a subscriber");
        });
        bus.subscribe("orders/new", Order.class, (t, o) -> got.add(o.id()));

        bus.publish("orders/new", new Order("1", 1));
        bus.publish("orders/new", new Order("2", 2));

        assertThat(got).containsExactly("1", "2");
        assertThat(bus.stats().get("orders/new")).isEqualTo(new TopicStats(2, 2, 0, 2));
    }

    @Test
    void aPayloadOfAnotherTypeIsNotDeliveredButCountedAsDropped() {
        List<Order> got = new ArrayList<>();
        bus.subscribe("orders/new", Order.class, (t, o) -> got.add(o));

        bus.publish("orders/new", "not an order");

        assertThat(got).isEmpty();
        assertThat(bus.stats().get("orders/new").dropped()).isEqualTo(1);
    }

    @Test
    void badTopicsAndFiltersAreRefusedAtTheCall() {
        assertThatThrownBy(() -> bus.publish("orders/+", new Order("1", 1))).isInstanceOf(BusException.class)
                .hasMessageContaining("wildcards are for filters only");
        assertThatThrownBy(() -> bus.subscribe("orders/#/x", Order.class, (t, o) -> { })).hasMessageContaining("'#' must be the last level");
        assertThatThrownBy(() -> bus.handle("payments/+", Order.class, o -> o)).hasMessageContaining("wildcards");
        assertThatThrownBy(() -> bus.publish("orders/new", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aQueuedSubscriberGetsEveryMessageInOrderOnItsOwnExecutor() {
        List<Integer> got = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        bus.subscribe("n", Integer.class, (t, n) -> {
            got.add(n);
            threads.add(Thread.currentThread());
        }, SubscribeOptions.queued(executor, 10_000, Overflow.BLOCK));

        for (int i = 0; i < 5_000; i++) bus.publish("n", i);

        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 5_000);
        assertThat(got).isSorted();
        assertThat(threads).doesNotContain(Thread.currentThread());
    }

    @Test
    void aFullQueueDropsTheNewestOrTheOldestAsTheSubscriberChose() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> newest = new CopyOnWriteArrayList<>();
        List<Integer> oldest = new CopyOnWriteArrayList<>();
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            // Both subscribers are held at their first message until released; their queues hold 3.
            bus.subscribe("n", Integer.class, (t, n) -> {
                awaitQuietly(release);
                newest.add(n);
            }, SubscribeOptions.queued(executor, 3, Overflow.DROP_NEWEST));
            bus.subscribe("n", Integer.class, (t, n) -> {
                awaitQuietly(release);
                oldest.add(n);
            }, SubscribeOptions.queued(second, 3, Overflow.DROP_OLDEST));

            bus.publish("n", 0);
            await().until(() -> bus.stats().get("n").published() == 1);
            // 0 is taken by each subscriber (or still queued), then 1..9 meet queues of 3.
            for (int i = 1; i < 10; i++) bus.publish("n", i);
            release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> newest.size() + oldest.size()
                    + bus.stats().get("n").dropped() == 20);
            assertThat(newest).startsWith(0, 1, 2).doesNotContain(9);
            assertThat(oldest).endsWith(7, 8, 9);
            assertThat(newest.size() + oldest.size()).isLessThan(20);
        } finally {
            second.shutdownNow();
        }
    }

    @Test
    void aBlockingSubscriberHoldsThePublisherUntilThereIsRoomAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        bus.subscribe("n", Integer.class, (t, n) -> {
            awaitQuietly(release);
            got.add(n);
        }, SubscribeOptions.queued(executor, 2, Overflow.BLOCK));

        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 10; i++) bus.publish("n", i);
        });
        publisher.start();
        await().until(() -> publisher.getState() == Thread.State.WAITING);
        assertThat(publisher.isAlive()).as("blocked on the full queue").isTrue();

        release.countDown();
        publisher.join(10_000);
        await().until(() -> got.size() == 10);
        assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(bus.stats().get("n").dropped()).isZero();
    }

    @Test
    void aRequestIsServedByALocalHandlerDirectly() {
        bus.handle("payments/authorize", Order.class, o -> new Receipt(o.id(), o.cents() < 10_000));

        Receipt r = bus.request("payments/authorize", new Order("o-7", 500), Receipt.class, Duration.ofSeconds(1))
                .toCompletableFuture().join();

        assertThat(r).isEqualTo(new Receipt("o-7", true));
        assertThat(bus.stats().get("payments/authorize")).isEqualTo(new TopicStats(1, 1, 0, 0));
    }

    @Test
    void handlersOfOneTopicTakeTurns() {
        List<String> servedBy = new ArrayList<>();
        bus.handle("t", Order.class, o -> {
            servedBy.add("a");
            return o;
        });
        Subscription b = bus.handle("t", Order.class, o -> {
            servedBy.add("b");
            return o;
        });
        for (int i = 0; i < 4; i++) bus.request("t", new Order("" + i, i), Order.class, Duration.ofSeconds(1));
        b.close();
        bus.request("t", new Order("x", 0), Order.class, Duration.ofSeconds(1));

        assertThat(servedBy).containsExactly("a", "b", "a", "b", "a");
    }

    @Test
    void aRequestFailsWithAReasonAndNeverThrowsAtTheCaller() {
        bus.handle("fails", Order.class, o -> {
            throw new IllegalArgumentException("card declined");
        });
        bus.handle("typed", Order.class, o -> "a string");

        assertThat(reason(bus.request("nobody", new Order("1", 1), Receipt.class, Duration.ofSeconds(1))))
                .isEqualTo(Reason.NO_HANDLER);
        assertThat(reason(bus.request("fails", new Order("1", 1), Receipt.class, Duration.ofSeconds(1))))
                .isEqualTo(Reason.HANDLER_FAILED);
        assertThat(reason(bus.request("fails", "not an order", Receipt.class, Duration.ofSeconds(1))))
                .isEqualTo(Reason.MALFORMED_PAYLOAD);
        assertThat(reason(bus.request("typed", new Order("1", 1), Receipt.class, Duration.ofSeconds(1))))
                .isEqualTo(Reason.MALFORMED_PAYLOAD);
        assertThat(bus.stats().get("fails")).isEqualTo(new TopicStats(2, 0, 1, 1));
    }

    private static Reason reason(java.util.concurrent.CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
            throw new AssertionError("completed normally");
        } catch (CompletionException e) {
            return ((BusException) e.getCause()).reason();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
