package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bus.access.Grants;
import dev.cairn.bus.access.Grants.Action;
import dev.cairn.bus.api.BusHandler;
import dev.cairn.bus.api.BusSubscriber;
import dev.cairn.bus.spi.Inbound;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WhiteboardTest {
    record Ping(String text) {
    }

    static final class Echo implements BusHandler<Ping, String> {
        @Override
        public Class<Ping> type() {
            return Ping.class;
        }

        @Override
        public String handle(Ping request) {
            return "echo " + request.text();
        }
    }

    private final LocalBus bus = new LocalBus();
    private final TransportContractTest.RecordingTransport transport = new TransportContractTest.RecordingTransport();
    private final Whiteboard whiteboard = new Whiteboard(bus);
    private final List<Runnable> pool = new ArrayList<>();

    private static Inbound ping() {
        return new Inbound() {
            @Override
            public <T> T as(Class<T> type) {
                return type.cast(new Ping("p"));
            }
        };
    }

    private CompletableFuture<Object> askFromAnotherNode(String topic) {
        return transport.receiver.request(topic, ping(), pool::add).toCompletableFuture();
    }

    @Test
    void theHandlingPropertyDecidesWhereRequestsFromOtherNodesRun() {
        bus.bindTransport(transport);
        whiteboard.addHandler(new Echo(), Map.of(BusHandler.TOPIC, "echo/now", BusHandler.HANDLING, "non-blocking"), Gate.OPEN);
        whiteboard.addHandler(new Echo(), Map.of(BusHandler.TOPIC, "echo/later"), Gate.OPEN);

        assertThat(askFromAnotherNode("echo/now")).isCompletedWithValue("echo p");
        CompletableFuture<Object> later = askFromAnotherNode("echo/later");
        assertThat(later).isNotDone();
        pool.forEach(Runnable::run);
        assertThat(later).isCompletedWithValue("echo p");
    }

    @Test
    void aSubscriberDeclaredNonBlockingGetsEventsFromOtherNodesOnTheReceivingThread() {
        bus.bindTransport(transport);
        List<String> got = new ArrayList<>();
        whiteboard.addSubscriber(new BusSubscriber<Ping>() {
            @Override
            public Class<Ping> type() {
                return Ping.class;
            }

            @Override
            public void receive(String topic, Ping ping) {
                got.add(ping.text());
            }
        }, Map.of(BusSubscriber.TOPIC, "pings", BusSubscriber.HANDLING, "NON_BLOCKING"), Gate.OPEN);

        transport.receiver.event("pings", ping(), pool::add);

        assertThat(got).containsExactly("p");
        assertThat(pool).isEmpty();
    }

    @Test
    void aHandlerWithAnUnknownHandlingServesNothing() {
        bus.bindTransport(transport);
        whiteboard.addHandler(new Echo(), Map.of(BusHandler.TOPIC, "echo/odd", BusHandler.HANDLING, "sometimes"), Gate.OPEN);

        assertThat(transport.calls).doesNotContain("serve echo/odd true");
        assertThat(askFromAnotherNode("echo/odd")).isCompletedExceptionally();
    }

    @Test
    void aHandlerOutsideItsBundlesGrantsServesNothing() {
        bus.bindTransport(transport);
        Refusals refusals = new Refusals();
        Gate gate = new Gate("it.handlers", Grants.of(Map.of(Action.SERVE, List.of("echo/+"))), null, refusals);
        whiteboard.addHandler(new Echo(), Map.of(BusHandler.TOPIC, new String[] {"echo/ok", "payments/authorize"}), gate);

        assertThat(transport.calls).contains("serve echo/ok true").doesNotContain("serve payments/authorize true");
        assertThat(refusals.problem("it.handlers")).contains("may not serve 'payments/authorize'");
    }
}
