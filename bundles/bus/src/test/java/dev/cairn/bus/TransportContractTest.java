package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscription;
import dev.cairn.bus.spi.Inbound;
import dev.cairn.bus.spi.Receiver;
import dev.cairn.bus.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** What the bus tells a transport, and what it does with the traffic a transport brings in. */
class TransportContractTest {
    record Order(String id) {
    }

    /** Records the calls; a transport of our own SPI, not a stand-in for a library. */
    static final class RecordingTransport implements Transport {
        final List<String> calls = new ArrayList<>();
        Receiver receiver;

        @Override
        public void open(Receiver r) {
            receiver = r;
            calls.add("open");
        }

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public void publish(String topic, Object payload) {
            calls.add("publish " + topic + " " + payload);
        }

        @Override
        public <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout) {
            calls.add("request " + topic);
            return CompletableFuture.failedFuture(new BusException(Reason.TIMEOUT, "no reply within " + timeout));
        }

        @Override
        public void listen(String filter, boolean on) {
            calls.add("listen " + filter + " " + on);
        }

        @Override
        public void serve(String topic, boolean on) {
            calls.add("serve " + topic + " " + on);
        }
    }

    private final LocalBus bus = new LocalBus();
    private final RecordingTransport transport = new RecordingTransport();

    /** An inbound payload that "decodes" by checking the asked type against a value it holds. */
    private static Inbound inbound(Object value) {
        return new Inbound() {
            @Override
            public <T> T as(Class<T> type) {
                if (!type.isInstance(value)) throw new BusException(Reason.MALFORMED_PAYLOAD, "not a " + type.getSimpleName());
                return type.cast(value);
            }
        };
    }

    @Test
    void aTransportBoundLateLearnsWhatThisNodeAlreadyListensToAndServes() {
        bus.subscribe("orders/+", Order.class, (t, o) -> { });
        bus.handle("payments/authorize", Order.class, o -> o);

        bus.bindTransport(transport);

        assertThat(transport.calls).containsExactly("open", "listen orders/+ true", "serve payments/authorize true");
    }

    @Test
    void listeningAndServingFollowTheFirstAndLastLocalSubscriber() {
        bus.bindTransport(transport);
        transport.calls.clear();

        Subscription a = bus.subscribe("orders/+", Order.class, (t, o) -> { });
        Subscription b = bus.subscribe("orders/+", Order.class, (t, o) -> { });
        a.close();
        b.close();
        Subscription h = bus.handle("payments/authorize", Order.class, o -> o);
        h.close();

        assertThat(transport.calls).containsExactly("listen orders/+ true", "listen orders/+ false",
                "serve payments/authorize true", "serve payments/authorize false");
    }

    @Test
    void everyPublishGoesOutAndRequestsGoOutOnlyWhenNoLocalHandlerServes() {
        bus.bindTransport(transport);
        bus.handle("local", Order.class, o -> o);
        transport.calls.clear();

        bus.publish("orders/new", new Order("1"));
        bus.request("local", new Order("2"), Order.class, Duration.ofSeconds(1));
        var remote = bus.request("remote", new Order("3"), Order.class, Duration.ofMillis(5));

        assertThat(transport.calls).containsExactly("publish orders/new Order[id=1]", "request remote");
        assertThat(remote.toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void inboundEventsReachLocalSubscribersDecodedAndMalformedOnesAreCounted() {
        bus.bindTransport(transport);
        List<Order> got = new ArrayList<>();
        bus.subscribe("orders/#", Order.class, (t, o) -> got.add(o));

        transport.receiver.event("orders/new", inbound(new Order("remote-1")), Runnable::run);
        transport.receiver.event("orders/new", inbound("garbage"), Runnable::run);
        transport.receiver.event("orders/+", inbound(new Order("bad topic")), Runnable::run);
        transport.receiver.dropped("orders/new", "payload over 256 KiB");

        assertThat(got).containsExactly(new Order("remote-1"));
        assertThat(bus.stats().get("orders/new").dropped()).isEqualTo(2);
        assertThat(bus.stats().get(Router.OTHER_TOPICS).dropped()).isEqualTo(1);
    }

    @Test
    void inboundEventsReachNonBlockingSubscribersAtOnceAndTheOthersThroughTheTransportsThread() {
        bus.bindTransport(transport);
        List<String> got = new ArrayList<>();
        List<Runnable> eventsThread = new ArrayList<>();
        bus.subscribe("orders/new", Order.class, (t, o) -> got.add("direct " + o.id()));
        bus.subscribe("orders/new", Order.class, (t, o) -> got.add("non-blocking " + o.id()), SubscribeOptions.NON_BLOCKING);

        transport.receiver.event("orders/new", inbound(new Order("1")), eventsThread::add);

        assertThat(got).containsExactly("non-blocking 1");
        assertThat(eventsThread).hasSize(1);
        eventsThread.get(0).run();
        assertThat(got).containsExactly("non-blocking 1", "direct 1");
        assertThat(bus.stats().get("orders/new").delivered()).isEqualTo(2);

        bus.publish("orders/new", new Order("2"));   // in one JVM both are called in the publisher's thread, in order
        assertThat(got).endsWith("direct 2", "non-blocking 2");
    }

    @Test
    void onlyNonBlockingSubscribersLeaveTheTransportsThreadIdle() {
        bus.bindTransport(transport);
        List<Runnable> eventsThread = new ArrayList<>();
        bus.subscribe("orders/new", Order.class, (t, o) -> { }, SubscribeOptions.NON_BLOCKING);

        transport.receiver.event("orders/new", inbound(new Order("1")), eventsThread::add);

        assertThat(eventsThread).isEmpty();
    }

    @Test
    void inboundRequestsRunOnTheTransportsPoolUnlessTheHandlerIsNonBlocking() {
        bus.bindTransport(transport);
        List<Runnable> pool = new ArrayList<>();
        bus.handle("payments/authorize", Order.class, o -> "ok " + o.id());
        bus.handle("payments/quote", Order.class, o -> "quote " + o.id(), Handling.NON_BLOCKING);

        CompletableFuture<Object> mayBlock = transport.receiver.request("payments/authorize", inbound(new Order("9")), pool::add).toCompletableFuture();
        CompletableFuture<Object> nonBlocking = transport.receiver.request("payments/quote", inbound(new Order("8")), pool::add).toCompletableFuture();

        assertThat(nonBlocking).isCompletedWithValue("quote 8");
        assertThat(mayBlock).isNotDone();
        assertThat(pool).hasSize(1);
        pool.get(0).run();
        assertThat(mayBlock).isCompletedWithValue("ok 9");
        assertThat(transport.receiver.request("nobody/here", inbound(new Order("9")), pool::add).toCompletableFuture())
                .isCompletedExceptionally();
    }

    @Test
    void aPoolWithNoRoomIsTheTransportsToReport() {
        bus.bindTransport(transport);
        bus.handle("payments/authorize", Order.class, o -> "ok " + o.id());

        assertThatThrownBy(() -> transport.receiver.request("payments/authorize", inbound(new Order("9")), task -> {
            throw new RejectedExecutionException("full");
        })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void unbindingTheTransportKeepsTheBusWorkingInTheJvm() {
        bus.bindTransport(transport);
        List<Order> got = new ArrayList<>();
        bus.subscribe("orders/new", Order.class, (t, o) -> got.add(o));

        bus.unbindTransport(transport);
        transport.calls.clear();
        bus.publish("orders/new", new Order("1"));

        assertThat(got).hasSize(1);
        assertThat(transport.calls).isEmpty();
    }
}
