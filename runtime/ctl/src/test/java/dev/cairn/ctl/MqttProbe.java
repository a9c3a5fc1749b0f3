package dev.cairn.ctl;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A bare MQTT 5 client that says what the broker answered: the reason code of each SUBACK and PUBACK, every message
 * it received, and how its connection ended. Standing in for a node at the broker's door.
 */
public final class MqttProbe implements AutoCloseable {
    public record Received(String topic, String payload, boolean retained) {
    }

    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    public final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
    private final MqttAsyncClient client;

    private MqttProbe(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects as {@code user}; a refusal is the MqttException with the CONNACK's reason code. */
    public static MqttProbe connect(String url, String clientId, String user, String password, String willTopic) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttProbe p = new MqttProbe(c);
        c.setCallback(p.new Callback());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setTopicAliasMaximum(0);
        if (user != null) o.setUserName(user);
        if (password != null) o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        if (willTopic != null) {
            MqttMessage will = new MqttMessage(("{\"node\":\"" + clientId + "\",\"status\":\"offline\",\"reason\":\"connection lost\"}").getBytes(StandardCharsets.UTF_8));
            will.setQos(1);
            will.setRetained(true);
            o.setWill(willTopic, will);
        }
        try {
            c.connect(o).waitForCompletion(5000);
        } catch (MqttException e) {
            try {
                c.close(true);
            } catch (MqttException ignored) {
                // refused anyway
            }
            throw e;
        }
        return p;
    }

    public int subscribe(String filter) throws MqttException {
        IMqttToken t = client.subscribe(filter, 1);
        t.waitForCompletion(5000);
        return t.getReasonCodes()[0];
    }

    /** The PUBACK's reason code: 0 delivered, 0x10 no subscriber, 0x87 not authorized. */
    public int publish(String topic, String payload, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(retained);
        IMqttToken t = client.publish(topic, m);
        t.waitForCompletion(5000);
        int[] codes = t.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** The next message within 5 s, or null. */
    public Received next() throws InterruptedException {
        return received.poll(5, TimeUnit.SECONDS);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Ends the connection without DISCONNECT, as a node that lost power: the broker sends the will. */
    public void die() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
        client.close(true);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect().waitForCompletion(2000);
        } catch (MqttException e) {
            // going anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // going anyway
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnected.complete(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained()));
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
}
