package dev.cairn.broker;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.cairn.mqtt.sockets.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho MQTT 5 client that records what arrives. */
final class TestClient implements MqttCallback, AutoCloseable {
    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestClient(String uri, String clientId) throws MqttException {
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(this);
    }

    static MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(new NoDelaySocketFactory());
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(5);
        return o;
    }

    /** {@link #options()} with a user name and password. */
    static MqttConnectionOptions login(String user, String password) {
        MqttConnectionOptions o = options();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        return o;
    }

    static TestClient connect(int port, String clientId) throws MqttException {
        return connect(port, clientId, options());
    }

    static TestClient connect(int port, String clientId, MqttConnectionOptions options) throws MqttException {
        return connect("tcp://127.0.0.1:" + port, clientId, options);
    }

    static TestClient connect(String uri, String clientId, MqttConnectionOptions options) throws MqttException {
        TestClient c = new TestClient(uri, clientId);
        try {
            c.client.connect(options).waitForCompletion();
        } catch (MqttException e) {
            c.client.close();
            throw e;
        }
        return c;
    }

    TestClient subscribe(String filter) throws MqttException {
        return subscribe(new MqttSubscription(filter, 1));
    }

    TestClient subscribe(MqttSubscription... subscriptions) throws MqttException {
        IMqttToken token = client.subscribe(subscriptions);
        token.waitForCompletion();
        for (int code : token.getReasonCodes()) {
            if (code > 2) throw new IllegalStateException("subscription refused with reason code " + code);
        }
        return this;
    }

    /** The SUBACK's reason codes: the QoS granted, or a refusal (0x80 and above). */
    int[] trySubscribe(String filter) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
        token.waitForCompletion();
        return token.getReasonCodes();
    }

    int publish(String topic, String payload) throws MqttException {
        return publish(topic, message(payload, false, new MqttProperties()));
    }

    /** Waits for the broker's acknowledgement (QoS 1: PUBACK) and returns its reason code: 0, or a refusal. */
    int publish(String topic, MqttMessage message) throws MqttException {
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion();
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    static MqttMessage message(String payload, boolean retained, MqttProperties properties) {
        return new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, properties);
    }

    List<Received> received() {
        return received;
    }

    List<String> texts() {
        return received.stream().map(Received::text).toList();
    }

    List<Received> awaitReceived(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= count);
        return received;
    }

    /** Gone without a DISCONNECT packet, as when the network drops: the broker sends the will. */
    void drop() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
        client.close();
    }

    /** The Paho client itself, for what this wrapper does not offer. */
    MqttAsyncClient paho() {
        return client;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) client.disconnect().waitForCompletion();
        client.close();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
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
