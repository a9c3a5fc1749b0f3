package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.examples.shop.api.Authorization;
import dev.cairn.examples.shop.api.Order;
import dev.cairn.examples.shop.api.ShopTopics;
import dev.cairn.test.Broker;
import dev.cairn.test.CairnBus;
import dev.cairn.test.CairnTest;
import dev.cairn.test.Config;
import dev.cairn.test.Node;
import dev.cairn.test.Placement;
import dev.cairn.test.Received;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * The shop example with @CairnTest: one test body, run as a monolith (orders and payments in one JVM) and split
 * over two nodes (payments on one, orders on the other). The same orders get the same answers; what differs is
 * only where the order service's requests go, which a plain MQTT observer of the request topic shows.
 */
class ShopPlacementsIT {

    @CairnTest(bundles = {"${cairn.home}/examples/shop-api.jar", "${cairn.home}/examples/payments.jar", "${cairn.home}/examples/orders.jar"},
            split = {@Node(name = "payments", bundles = "dev.cairn.examples.payments"), @Node(name = "orders", bundles = "dev.cairn.examples.orders")},
            config = @Config(pid = "dev.cairn.examples.payments", properties = "limit.cents = 50000"))
    void everyDemoOrderIsAnsweredByThePaymentServiceTheSameWayInEveryPlacement(CairnBus bus) throws Exception {
        Received<Order> placed = bus.subscribe(ShopTopics.ORDERS_NEW, Order.class);
        Received<Authorization> done = bus.subscribe(ShopTopics.PAYMENTS_DONE, Authorization.class);
        AtomicInteger requestsOnTheBroker = new AtomicInteger();
        MqttClient observer = new MqttClient(bus.brokerUrl(), "shop-observer-" + bus.placement(), null);
        observer.setCallback(new Counting(requestsOnTheBroker));
        observer.connect(new MqttConnectionOptions());
        // not the services' shared subscription: a plain one sees every request that goes through the broker
        // (with a callback: Paho 1.2.5's subscribe(topic, qos, listener) calls itself until the stack overflows)
        observer.subscribe("cairn/svc/" + ShopTopics.PAYMENTS_AUTHORIZE, 1);
        try {
            bus.configure("dev.cairn.examples.orders", "demo.orders = 10", "interval.ms = 20");

            assertThat(placed.await(10)).extracting(Order::id)
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).mapToObj(i -> "order-" + i).toList());
            List<Authorization> answers = done.await(10);
            assertThat(answers).filteredOn(Authorization::approved).hasSize(6);
            assertThat(answers).filteredOn(a -> !a.approved()).allSatisfy(a -> assertThat(a.reason()).startsWith("over the limit of 500.00"));

            // the test asks the payment service itself, as another node would
            Authorization mine = bus.request(ShopTopics.PAYMENTS_AUTHORIZE, new Order("test-1", "pump", 70_000), Authorization.class);
            assertThat(mine).isEqualTo(new Authorization("test-1", false, "over the limit of 500.00"));

            CairnBusLogs logs = new CairnBusLogs(bus);
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.of("orders", "monolith").contains("demo done: 10 orders, 6 approved, 4 declined"));
            if (bus.placement() == Placement.MONOLITH) {
                // the order service's ten requests stayed in the JVM; only the test's own went through the broker
                await().atMost(Duration.ofSeconds(10)).until(() -> requestsOnTheBroker.get() >= 1);
                assertThat(requestsOnTheBroker.get()).isEqualTo(1);
            } else {
                await().atMost(Duration.ofSeconds(10)).until(() -> requestsOnTheBroker.get() >= 11);
                assertThat(bus.node("payments").log().lines().filter(l -> l.contains("PaymentService - order-"))).hasSize(10);
                assertThat(bus.node("orders").log()).doesNotContain("PaymentService");
            }
        } finally {
            observer.disconnect();
            observer.close();
        }
    }

    @CairnTest(placements = Placement.SPLIT, broker = Broker.EMBEDDED,
            bundles = {"${cairn.home}/examples/shop-api.jar", "${cairn.home}/examples/payments.jar", "${cairn.home}/examples/orders.jar"},
            split = {@Node(name = "payments", bundles = "dev.cairn.examples.payments"), @Node(name = "orders", bundles = "dev.cairn.examples.orders")})
    void splitOverTheBrokerBuiltIntoTheFirstNodeTheShopWorksTheSame(CairnBus bus) {
        Received<Authorization> done = bus.subscribe(ShopTopics.PAYMENTS_DONE, Authorization.class);
        bus.configure("dev.cairn.examples.orders", "demo.orders = 5", "interval.ms = 20");

        assertThat(done.await(5)).extracting(Authorization::orderId)
                .containsExactlyInAnyOrder("order-1", "order-2", "order-3", "order-4", "order-5");
        assertThat(bus.request(ShopTopics.PAYMENTS_AUTHORIZE, new Order("test-2", "seeds", 100), Authorization.class))
                .isEqualTo(new Authorization("test-2", true, ""));
        assertThat(bus.node("payments").log()).contains("MQTT broker listening on 127.0.0.1");
    }

    private record Counting(AtomicInteger count) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            count.incrementAndGet();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** The log of whichever of the named nodes the placement has. */
    private record CairnBusLogs(CairnBus bus) {
        String of(String... names) {
            return bus.nodes().stream().filter(n -> List.of(names).contains(n.name())).map(n -> n.log()).findFirst().orElseThrow();
        }
    }
}
