package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.bus.BundleBus;
import dev.cairn.bus.BusAccess;
import dev.cairn.bus.access.Grants;
import dev.cairn.bus.access.Grants.Action;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.Span.Kind;
import dev.cairn.bus.trace.Traces;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One trace across two nodes over a real Mosquitto: the context rides in MQTT 5 user properties, both ways. */
class TracingAcrossNodesTest extends OverMosquitto {
    record Order(String id, long cents) {
    }

    record Receipt(String orderId, boolean approved) {
    }

    private static Bus bundle(TestNode node, String name, Action action, String topic, Action action2, String topic2) {
        return BundleBus.granted(node.bus, name, Grants.of(Map.of(action, List.of(topic), action2, List.of(topic2))));
    }

    @Test
    void aRequestThatCrossesNodesIsOneTraceWithSpansOnBothNodesAndParentsAcrossThem() {
        check(node("a"), node("b"));
    }

    @Test
    void theContextAlsoRidesQosZeroEvents() {
        check(node("a", "events.qos", 0), node("b", "events.qos", 0));
    }

    private void check(TestNode a, TestNode b) {
        Traces atA = BusAccess.trace(a.bus, a.id);
        Traces atB = BusAccess.trace(b.bus, b.id);
        Bus orders = bundle(a, "orders", Action.CALL, "payments/authorize", Action.PUBLISH, "orders/new");
        Bus ledger = bundle(a, "ledger", Action.SUBSCRIBE, "payments/done", Action.PUBLISH, "ledger/x");
        Bus payments = bundle(b, "payments", Action.SERVE, "payments/authorize", Action.PUBLISH, "payments/done");
        List<Receipt> booked = new CopyOnWriteArrayList<>();
        ledger.subscribe("payments/done", Receipt.class, (t, r) -> booked.add(r));
        payments.handle("payments/authorize", Order.class, o -> {
            Receipt r = new Receipt(o.id(), true);
            payments.publish("payments/done", r);
            return r;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> b.transport.servedAtBroker("payments/authorize") && a.transport.listeningAtBroker("payments/done"));

        Receipt r = orders.request("payments/authorize", new Order("o-1", 999), Receipt.class, Duration.ofSeconds(5)).toCompletableFuture().join();
        assertThat(r.approved()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> booked.size() == 1);

        String trace = atA.recent(1).get(0).traceId();
        await().atMost(Duration.ofSeconds(5)).until(() -> atA.trace(trace).size() == 2 && atB.trace(trace).size() == 2);
        List<Span> onA = atA.trace(trace);
        List<Span> onB = atB.trace(trace);
        Span request = onA.get(0), delivery = onA.get(1), serve = onB.get(0), publish = onB.get(1);
        assertThat(List.of(request.kind(), delivery.kind(), serve.kind(), publish.kind())).containsExactly(Kind.REQUEST, Kind.DELIVER, Kind.SERVE, Kind.PUBLISH);
        assertThat(request.parentId()).isNull();
        assertThat(serve.parentId()).as("the serve on b is the child of the request on a").isEqualTo(request.spanId());
        assertThat(publish.parentId()).isEqualTo(serve.spanId());
        assertThat(delivery.parentId()).as("the delivery on a is the child of the publish on b").isEqualTo(publish.spanId());
        assertThat(List.of(request.node(), delivery.node(), serve.node(), publish.node())).containsExactly(a.id, a.id, b.id, b.id);
        assertThat(List.of(request.remote(), delivery.remote(), serve.remote(), publish.remote())).containsExactly(true, true, true, false);
        assertThat(List.of(request.caller(), request.callee(), serve.caller(), serve.callee())).containsExactly("orders", "payments", "orders", "payments");
        assertThat(List.of(delivery.caller(), delivery.callee())).containsExactly("payments", "ledger");
    }
}
