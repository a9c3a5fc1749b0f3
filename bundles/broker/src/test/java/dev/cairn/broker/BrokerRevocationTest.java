package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.component.ComponentConstants;

/**
 * A removed node may no longer publish, so its will is not sent: the broker says it is offline in its place, retained,
 * for those who look later.
 */
class BrokerRevocationTest {
    static final String STATUS = "cairn/node/climate/status";
    static final String REVOKED = "{\"node\":\"climate\",\"status\":\"offline\",\"reason\":\"revoked\"}";
    static final String ONLINE = "{\"node\":\"climate\",\"status\":\"online\"}";
    static final String WILL = "{\"node\":\"climate\",\"status\":\"offline\",\"reason\":\"connection lost\"}";

    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Logger artemis = Logger.getLogger("org.apache.activemq");

    @TempDir
    Path data;
    TestFleet fleet;
    BrokerClient climate;

    @BeforeEach
    void start() {
        artemis.addHandler(capture);
        fleet = TestFleet.start(data);
        fleet.enroll(TestFleet.operator("ops"));
        climate = fleet.enroll(TestFleet.node("climate"));
    }

    @AfterEach
    void stop() {
        fleet.close();
        artemis.removeHandler(capture);
    }

    @Test
    void aRemovedNodeIsSaidToBeOfflineRevokedRetainedAndItsWillIsNotTried() throws Exception {
        TestClient node = connectAsNode(fleet);
        try (TestClient watcher = fleet.connect("ops").subscribe("cairn/node/+/status")) {
            assertThat(watcher.awaitReceived(1).get(0).text()).isEqualTo(ONLINE);

            climate.close(ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED);

            await().until(() -> !node.paho().isConnected());
            TestClient.Received live = watcher.awaitReceived(2).get(1);
            assertThat(live.topic()).isEqualTo(STATUS);
            assertThat(live.text()).isEqualTo(REVOKED);
            assertThat(live.message().getQos()).isEqualTo(1);
        }
        node.close();

        assertThat(lateSubscriber()).isEqualTo(REVOKED);
        assertThat(records).extracting(LogRecord::getMessage).noneMatch(m -> m != null && m.startsWith("AMQ834007"));
        assertThat(fleet.refused(Refusals.Reason.BAD_CREDENTIALS)).as("the will tried under a login that no longer exists").isZero();
    }

    @Test
    void aNodeRemovedWhileAwayIsSaidToBeRevokedToo() throws Exception {
        // Artemis 2.44 keeps the will of a dropped MQTT 5 session with an expiry (and no will delay) until the session
        // expires: the retained status still says online
        connectAsNode(fleet, 300).drop();
        assertThat(lateSubscriber()).isEqualTo(ONLINE);

        climate.close(ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED);

        assertThat(lateSubscriber()).isEqualTo(REVOKED);
    }

    @Test
    void theRevokedStatusIsKeptInThePersistentJournal(@TempDir Path journal) throws Exception {
        fleet.close();
        TestConfig config = TestConfig.port(FreePort.find()).persistent(true);
        fleet = new TestFleet(config, journal);
        fleet.enroll(TestFleet.operator("ops"));
        climate = fleet.enroll(TestFleet.node("climate"));
        connectAsNode(fleet).close();

        climate.close(ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED);
        fleet.close();
        fleet = new TestFleet(config, journal);
        fleet.enroll(TestFleet.operator("ops"));

        assertThat(lateSubscriber()).isEqualTo(REVOKED);
    }

    @Test
    void stoppingTheBundleSaysNothingOfItsNodes() throws Exception {
        try (TestClient node = connectAsNode(fleet)) {
            climate.close(ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED);
            assertThat(node.paho().isConnected()).isTrue();
        }
        assertThat(lateSubscriber()).isEqualTo(ONLINE);
    }

    @Test
    void aChangedPasswordIsNoRevocation() throws Exception {
        TestClient node = connectAsNode(fleet, 0);   // no session kept: Artemis tries the will as the connection ends

        climate.modified(TestFleet.node("climate").password(TestFleet.hash("new secret")));

        await().until(() -> !node.paho().isConnected());
        node.close();
        // Artemis sends the will under the old password, which no longer authenticates: it is refused (AMQ834007)
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> ONLINE.equals(lateSubscriber()));
    }

    @Test
    void aRemovedOperatorHasNoPresence() throws Exception {
        BrokerClient ctl = fleet.enroll(TestFleet.operator("ctl"));
        TestClient operator = fleet.connect("ctl");

        ctl.close(ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED);

        await().until(() -> !operator.paho().isConnected());
        operator.close();
        try (TestClient watcher = fleet.connect("ops").subscribe("cairn/node/+/status")) {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> watcher.received().isEmpty());
        }
    }

    /** As Cairn's transport connects: its name as client id, a kept session, a retained will, then a retained birth. */
    private static TestClient connectAsNode(TestFleet fleet) throws Exception {
        return connectAsNode(fleet, 300);
    }

    private static TestClient connectAsNode(TestFleet fleet, long sessionExpirySeconds) throws Exception {
        MqttConnectionOptions o = TestClient.login("climate", TestFleet.password("climate"));
        o.setCleanStart(false);
        o.setSessionExpiryInterval(sessionExpirySeconds);
        o.setWill(STATUS, new MqttMessage(WILL.getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
        TestClient node = fleet.connect("climate", o);
        assertThat(node.publish(STATUS, TestClient.message(ONLINE, true, new MqttProperties()))).isZero();
        return node;
    }

    /** The retained status a subscriber that comes now is given. */
    private String lateSubscriber() throws Exception {
        try (TestClient late = fleet.connect("ops").subscribe(STATUS)) {
            TestClient.Received got = late.awaitReceived(1).get(0);
            assertThat(got.message().isRetained()).isTrue();
            return got.text();
        }
    }
}
