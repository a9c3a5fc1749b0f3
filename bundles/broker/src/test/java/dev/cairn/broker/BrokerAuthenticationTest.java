package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who gets in: MQTT 5 CONNACK 0x86 "bad user name or password", 0x85 "client identifier not valid". */
class BrokerAuthenticationTest {
    static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;

    @TempDir
    static Path data;
    static TestFleet fleet;

    @BeforeAll
    static void start() {
        fleet = TestFleet.start(data);
        fleet.enroll(TestFleet.node("n1"));
        fleet.enroll(TestFleet.operator("ops"));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) fleet.close();
    }

    @Test
    void anEnrolledNodeConnectsWithItsNameAndPassword() throws Exception {
        try (TestClient n1 = fleet.connect("n1")) {
            assertThat(n1.paho().isConnected()).isTrue();
        }
    }

    @Test
    void withoutCredentialsNoClientGetsIn() {
        assertThat(refusal(() -> TestClient.connect(fleet.port, "anonymous", TestClient.options()))).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void aWrongPasswordOrAnUnknownNameIsRefusedAndCounted() {
        long before = fleet.refused(Refusals.Reason.BAD_CREDENTIALS);
        assertThat(refusal(() -> fleet.connect("n1", TestClient.login("n1", "guess")))).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal(() -> fleet.connect("n2", TestClient.login("n2", TestFleet.password("n2"))))).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        assertThat(fleet.refused(Refusals.Reason.BAD_CREDENTIALS)).isEqualTo(before + 2);
    }

    @Test
    void aPasswordRightOnceIsNotTakenForAnother() throws Exception {
        fleet.connect("n1").close();   // the right one is now verified by its digest
        assertThat(refusal(() -> fleet.connect("n1", TestClient.login("n1", "n1-pw ")))).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void theClusterUsersDefaultLoginOfArtemisOpensNothing() {
        assertThat(refusal(() -> TestClient.connect(fleet.port, "c", TestClient.login("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!"))))
                .isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void aNodeMustUseItsNameAsClientIdAndNobodyElseMay() {
        // the session (subscriptions, queued messages) belongs to the client id
        assertThat(refusal(() -> TestClient.connect(fleet.port, "n1-other", TestClient.login("n1", TestFleet.password("n1")))))
                .isEqualTo(CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(refusal(() -> TestClient.connect(fleet.port, "n1", TestClient.login("ops", TestFleet.password("ops")))))
                .isEqualTo(CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void beyondLoopbackWithoutAuthenticationTheBrokerRefusesToStartBeforeBinding() {
        int port = FreePort.find();
        assertThatThrownBy(() -> new Broker(TestConfig.port(port).host("0.0.0.0"), Path.of("/nonexistent/cairn")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host 0.0.0.0 is beyond loopback, where anyone on the network could connect: set authentication"
                        + " = true and enroll each node (cairnctl enroll, README \"Securing a fleet\")");
        assertThat(listening(port)).isFalse();
    }

    private interface Connect {
        TestClient run() throws MqttException;
    }

    private static int refusal(Connect connect) {
        try {
            connect.run().close();
            throw new AssertionError("connected");
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
