package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.cairn.bus.access.FleetAcl;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an enrolled client may do, as a Paho 5 client sees it: a refused publish is PUBACK 0x87 and goes to nobody,
 * a refused subscription is SUBACK 0x87; the connection stays up.
 */
class BrokerAccessTest {
    static final int NOT_AUTHORIZED = 0x87;

    @TempDir
    static Path data;
    static TestFleet fleet;

    @BeforeAll
    static void start() {
        fleet = TestFleet.start(data);
        fleet.enroll(TestFleet.node("orders").publish("orders/new").call("payments/authorize").subscribe("payments/done"));
        fleet.enroll(TestFleet.node("payments").serve("payments/authorize").publish("payments/done"));
        fleet.enroll(TestFleet.node("greenhouse").publish("sensors/gh"));
        fleet.enroll(TestFleet.node("climate").subscribe("sensors/#"));
        fleet.enroll(TestFleet.operator("ops"));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) fleet.close();
    }

    @Test
    void aNodePublishesWhatItIsGrantedAndItsOwnPresence() throws Exception {
        try (TestClient climate = fleet.connect("climate").subscribe("cairn/bus/sensors/#");
             TestClient greenhouse = fleet.connect("greenhouse")) {
            assertThat(greenhouse.publish("cairn/bus/sensors/gh", "21.5")).isZero();
            assertThat(climate.awaitReceived(1).get(0).text()).isEqualTo("21.5");

            assertThat(greenhouse.publish("cairn/node/greenhouse/status", TestClient.message("online", true, new MqttProperties()))).isZero();
        }
        try (TestClient ops = fleet.connect("ops").subscribe("cairn/node/+/status")) {
            var got = ops.awaitReceived(1).get(0);
            assertThat(got.text()).isEqualTo("online");   // retained, and found through a wildcard filter
            assertThat(got.message().isRetained()).isTrue();
        }
    }

    @Test
    void aReadingThatIsNotGrantedGoesToNobody() throws Exception {
        try (TestClient climate = fleet.connect("climate").subscribe("cairn/bus/sensors/gh");
             TestClient orders = fleet.connect("orders");
             TestClient greenhouse = fleet.connect("greenhouse")) {
            assertThat(orders.publish("cairn/bus/sensors/gh", "forged reading")).isEqualTo(NOT_AUTHORIZED);
            assertThat(orders.paho().isConnected()).isTrue();

            // the same channel carries a granted message, sent after: had the refused one gone through, it came first
            greenhouse.publish("cairn/bus/sensors/gh", "granted reading");
            climate.awaitReceived(1);
            assertThat(climate.texts()).containsExactly("granted reading");
        }
    }

    @Test
    void servingARequestTopicNeedsTheServeGrantAlsoWhenItsSharedQueueExists() throws Exception {
        String shared = "$share/cairn/cairn/svc/payments/authorize";
        try (TestClient payments = fleet.connect("payments").subscribe(shared);
             TestClient orders = fleet.connect("orders").subscribe("cairn/reply/orders")) {
            assertThat(orders.trySubscribe(shared)).containsExactly(NOT_AUTHORIZED);
            assertThat(orders.trySubscribe("cairn/svc/payments/authorize")).containsExactly(NOT_AUTHORIZED);

            MqttProperties request = new MqttProperties();
            request.setResponseTopic("cairn/reply/orders");
            request.setCorrelationData(new byte[] {7});
            assertThat(orders.publish("cairn/svc/payments/authorize", TestClient.message("order-1", false, request))).isZero();
            MqttProperties asked = payments.awaitReceived(1).get(0).message().getProperties();
            MqttProperties reply = new MqttProperties();
            reply.setCorrelationData(asked.getCorrelationData());
            assertThat(payments.publish(asked.getResponseTopic(), TestClient.message("approved", false, reply))).isZero();

            assertThat(orders.awaitReceived(1).get(0).text()).isEqualTo("approved");
            assertThat(payments.texts()).containsExactly("order-1");   // orders' refused subscriptions took no share
        }
    }

    @Test
    void aNodeWritesNoOtherNodesPresenceAndReadsNoOtherNodesReplies() throws Exception {
        try (TestClient orders = fleet.connect("orders")) {
            assertThat(orders.publish("cairn/node/payments/status", "offline")).isEqualTo(NOT_AUTHORIZED);
            assertThat(orders.trySubscribe("cairn/reply/payments")).containsExactly(NOT_AUTHORIZED);
            assertThat(orders.trySubscribe("cairn/reply/+")).containsExactly(NOT_AUTHORIZED);
            assertThat(orders.trySubscribe("#")).containsExactly(NOT_AUTHORIZED);
            assertThat(orders.trySubscribe("cairn/reply/orders")).containsExactly(1);
        }
    }

    @Test
    void anOperatorsEndMarkerOfPresenceComesAfterEveryRetainedStatusAndNoNodeMayWriteIt() throws Exception {
        String marker = FleetAcl.presenceEnd("cairn");
        for (String node : List.of("orders", "greenhouse", "climate")) {
            try (TestClient n = fleet.connect(node)) {
                assertThat(n.publish("cairn/node/" + node + "/status", TestClient.message(node + " online", true, new MqttProperties()))).isZero();
                assertThat(n.publish(marker, "forged end")).isEqualTo(NOT_AUTHORIZED);
            }
        }
        try {
            for (int round = 0; round < 10; round++) {
                try (TestClient ops = fleet.connect("ops").subscribe(new MqttSubscription("cairn/node/+/status", 0))) {
                    assertThat(ops.publish(marker, "end " + round)).isZero();
                    // what cairnctl nodes relies on: the marker comes after every retained status, never before one
                    assertThat(ops.awaitReceived(4)).extracting(TestClient.Received::text)
                            .containsExactlyInAnyOrder("orders online", "greenhouse online", "climate online", "end " + round)
                            .last().isEqualTo("end " + round);
                }
            }
        } finally {
            for (String node : List.of("orders", "greenhouse", "climate")) {
                try (TestClient n = fleet.connect(node)) {
                    n.publish("cairn/node/" + node + "/status", TestClient.message("", true, new MqttProperties()));
                }
            }
        }
    }

    @Test
    void managementRequestsAreTheOperatorsAndEachNodeServesOnlyItsOwn() throws Exception {
        try (TestClient orders = fleet.connect("orders").subscribe("cairn/svc/mgmt/orders");
             TestClient ops = fleet.connect("ops")) {
            assertThat(orders.trySubscribe("cairn/svc/mgmt/payments")).containsExactly(NOT_AUTHORIZED);
            assertThat(orders.publish("cairn/svc/mgmt/payments", "stop everything")).isEqualTo(NOT_AUTHORIZED);
            assertThat(ops.publish("cairn/bus/orders/new", "an order")).isEqualTo(NOT_AUTHORIZED);

            assertThat(ops.publish("cairn/svc/mgmt/orders", "signed request")).isZero();
            assertThat(orders.awaitReceived(1).get(0).text()).isEqualTo("signed request");
        }
    }

    @Test
    void aMessageWhoseCairnIdNamesAnotherNodeIsDroppedAndCounted() throws Exception {
        long before = fleet.refused(Refusals.Reason.FORGED_ID);
        try (TestClient climate = fleet.connect("climate").subscribe("cairn/bus/sensors/gh");
             TestClient greenhouse = fleet.connect("greenhouse")) {
            assertThat(greenhouse.publish("cairn/bus/sensors/gh", withId("t", "orders/1/e1"))).isEqualTo(NOT_AUTHORIZED);
            assertThat(greenhouse.publish("cairn/bus/sensors/gh", withId("genuine", "greenhouse/1/e2"))).isZero();

            var got = climate.awaitReceived(1).get(0);
            assertThat(climate.texts()).containsExactly("genuine");
            assertThat(got.message().getProperties().getUserProperties()).extracting(UserProperty::getValue).containsExactly("greenhouse/1/e2");
        }
        assertThat(fleet.refused(Refusals.Reason.FORGED_ID)).isEqualTo(before + 1);
    }

    @Test
    void anOperatorsIdsNameItsClientIdAndAreNotHeldToItsName() throws Exception {
        try (TestClient orders = fleet.connect("orders").subscribe("cairn/svc/mgmt/orders");
             TestClient ops = TestClient.connect(fleet.port, "cairnctl-1a2b", TestClient.login("ops", TestFleet.password("ops")))) {
            assertThat(ops.publish("cairn/svc/mgmt/orders", withId("request", "cairnctl-1a2b/5/q1"))).isZero();
            assertThat(orders.awaitReceived(1).get(0).text()).isEqualTo("request");
        }
    }

    @Test
    void theWillOfAVanishedNodeAndQos2MessagesWorkForAuthorisedClients() throws Exception {
        MqttConnectionOptions withWill = TestClient.login("greenhouse", TestFleet.password("greenhouse"));
        withWill.setWill("cairn/node/greenhouse/status", new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
        TestClient greenhouse = fleet.connect("greenhouse", withWill);
        try (TestClient ops = fleet.connect("ops").subscribe("cairn/node/greenhouse/status");
             TestClient climate = fleet.connect("climate").subscribe("cairn/bus/sensors/gh")) {
            greenhouse.publish("cairn/bus/sensors/gh", new MqttMessage("qos 2".getBytes(StandardCharsets.UTF_8), 2, false, new MqttProperties()));
            assertThat(climate.awaitReceived(1).get(0).text()).isEqualTo("qos 2");

            greenhouse.drop();
            await().until(() -> ops.texts().contains("offline"));
        }
    }

    @Test
    void eachKindOfRefusalIsCounted() throws Exception {
        long publish = fleet.refused(Refusals.Reason.PUBLISH_DENIED);
        long subscribe = fleet.refused(Refusals.Reason.SUBSCRIBE_DENIED);
        try (TestClient climate = fleet.connect("climate")) {
            climate.publish("cairn/bus/sensors/gh", "no");
            climate.trySubscribe("cairn/bus/orders/new");
        }
        assertThat(fleet.refused(Refusals.Reason.PUBLISH_DENIED)).isEqualTo(publish + 1);
        assertThat(fleet.refused(Refusals.Reason.SUBSCRIBE_DENIED)).isEqualTo(subscribe + 1);
    }

    private static MqttMessage withId(String payload, String cairnId) {
        MqttProperties p = new MqttProperties();
        p.setUserProperties(List.of(new UserProperty("cairn-id", cairnId)));
        return TestClient.message(payload, false, p);
    }
}
