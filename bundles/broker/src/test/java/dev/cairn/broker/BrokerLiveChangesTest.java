package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.component.ComponentConstants;

/** Changing a client's configuration while the broker runs, and while the client is connected. */
class BrokerLiveChangesTest {
    static final int BAD_USER_NAME_OR_PASSWORD = 0x86;

    @TempDir
    Path data;
    TestFleet fleet;

    @BeforeEach
    void start() {
        fleet = TestFleet.start(data);
        fleet.enroll(TestFleet.node("greenhouse").publish("sensors/#", "weather/#"));
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void aRemovedClientIsDisconnectedAtOnceAndCannotReconnect() throws Exception {
        BrokerClient climate = fleet.enroll(TestFleet.node("climate").subscribe("sensors/#"));
        TestClient live = fleet.connect("climate").subscribe("cairn/bus/sensors/#");

        climate.close(ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED);

        await().until(() -> !live.paho().isConnected());
        live.close();
        assertThatThrownBy(() -> fleet.connect("climate")).isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void stoppingTheBundleIsNoRemovalOfItsClients() throws Exception {
        BrokerClient climate = fleet.enroll(TestFleet.node("climate"));
        try (TestClient live = fleet.connect("climate")) {
            climate.close(ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED);

            // had the client been removed, its connection would have been closed at once, before this publish
            assertThat(live.publish("cairn/node/climate/status", "online")).isZero();
            assertThat(live.paho().isConnected()).isTrue();
        }
    }

    @Test
    void aChangedPasswordDisconnectsAndOnlyTheNewOneLetsItBackIn() throws Exception {
        BrokerClient climate = fleet.enroll(TestFleet.node("climate"));
        TestClient live = fleet.connect("climate");

        climate.modified(TestFleet.node("climate").password(TestFleet.hash("new secret")));

        await().until(() -> !live.paho().isConnected());
        live.close();
        assertThatThrownBy(() -> fleet.connect("climate")).isInstanceOf(MqttException.class);
        fleet.connect("climate", TestClient.login("climate", "new secret")).close();
    }

    @Test
    void aWiderGrantAppliesToTheNextSubscribeWithoutReconnecting() throws Exception {
        BrokerClient climate = fleet.enroll(TestFleet.node("climate").subscribe("sensors/#"));
        try (TestClient live = fleet.connect("climate").subscribe("cairn/bus/sensors/#");
             TestClient greenhouse = fleet.connect("greenhouse")) {
            assertThat(live.trySubscribe("cairn/bus/weather/#")).containsExactly(0x87);

            climate.modified(TestFleet.node("climate").subscribe("sensors/#", "weather/#"));

            assertThat(live.trySubscribe("cairn/bus/weather/#")).containsExactly(1);
            greenhouse.publish("cairn/bus/weather/rain", "light");
            assertThat(live.awaitReceived(1).get(0).text()).isEqualTo("light");
            assertThat(live.paho().isConnected()).isTrue();
        }
    }

    @Test
    void aNarrowerGrantEndsTheLiveSubscriptionAndTheKeptSessionResumesWithoutIt() throws Exception {
        BrokerClient climate = fleet.enroll(TestFleet.node("climate").subscribe("sensors/#", "weather/#"));
        MqttConnectionOptions session = TestClient.login("climate", TestFleet.password("climate"));
        session.setCleanStart(false);
        session.setSessionExpiryInterval(300L);
        TestClient live = fleet.connect("climate", session).subscribe("cairn/bus/sensors/#").subscribe("cairn/bus/weather/#");

        climate.modified(TestFleet.node("climate").subscribe("weather/#"));

        await().until(() -> !live.paho().isConnected());   // it was receiving what it may no longer have
        live.close();
        try (TestClient greenhouse = fleet.connect("greenhouse")) {
            greenhouse.publish("cairn/bus/sensors/gh", "21.5");
            greenhouse.publish("cairn/bus/weather/rain", "while away");
        }
        // the kept session resumes (no SUBSCRIBE sent again) with what is still granted, and its queued message
        try (TestClient back = fleet.connect("climate", session)) {
            assertThat(back.awaitReceived(1).get(0).text()).isEqualTo("while away");
            try (TestClient greenhouse = fleet.connect("greenhouse")) {
                greenhouse.publish("cairn/bus/sensors/gh", "22.0");
                greenhouse.publish("cairn/bus/weather/rain", "heavy");
            }
            back.awaitReceived(2);
            assertThat(back.texts()).containsExactly("while away", "heavy");
            assertThat(back.paho().isConnected()).isTrue();
        }
    }

    @Test
    void aNarrowerPublishGrantAppliesToTheNextPublishWithoutDisconnecting() throws Exception {
        BrokerClient greenhouse = fleet.enroll(TestFleet.node("gh2").publish("sensors/#"));
        try (TestClient live = fleet.connect("gh2")) {
            assertThat(live.publish("cairn/bus/sensors/gh", "ok")).isZero();

            greenhouse.modified(TestFleet.node("gh2"));

            assertThat(live.publish("cairn/bus/sensors/gh", "no longer")).isEqualTo(0x87);
            assertThat(live.paho().isConnected()).isTrue();
        }
    }

    @Test
    void aChangeThatDoesNotCheckEnrollsNobodyRatherThanKeepingTheOldRights() throws Exception {
        BrokerClient climate = fleet.enroll(TestFleet.node("climate"));
        TestClient live = fleet.connect("climate");

        assertThatThrownBy(() -> climate.modified(TestFleet.node("climate").password("secret in plain text")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".password of client climate");

        await().until(() -> !live.paho().isConnected());
        live.close();
        assertThatThrownBy(() -> fleet.connect("climate")).isInstanceOf(MqttException.class);
    }

    @Test
    void aNameIsEnrolledByOneConfigurationOnly() {
        assertThatThrownBy(() -> new BrokerClient(TestFleet.node("greenhouse"), Map.of("service.pid", "another"), fleet.clients))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name greenhouse is already enrolled by configuration dev.cairn.broker.client~greenhouse");
    }

    @Test
    void aClientEnrolledBeforeTheBrokerStartedIsLetIn(@TempDir Path other) throws Exception {
        Clients clients = new Clients();
        new BrokerClient(TestFleet.node("early"), Map.of("service.pid", "early"), clients);
        int port = FreePort.find();
        Broker broker = new Broker(TestConfig.port(port).authentication(true), other, clients);
        try {
            TestClient.connect(port, "early", TestClient.login("early", TestFleet.password("early"))).close();
        } finally {
            broker.close();
        }
    }
}
