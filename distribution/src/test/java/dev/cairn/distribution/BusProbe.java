package dev.cairn.distribution;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Asks the fleet's bus from outside, as a bare MQTT 5 client does (DESIGN.md's mapping): a request to bus topic T
 * is published on {@code cairn/svc/T} with a response topic {@code cairn/reply/<id>} and correlation data, and the
 * serving node answers there with the JSON reply.
 */
final class BusProbe implements AutoCloseable {
    private final MqttClient client;
    private final String replyTopic;
    private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();

    BusProbe(String brokerUrl) throws Exception {
        String id = "probe" + UUID.randomUUID().toString().substring(0, 8);
        replyTopic = "cairn/reply/" + id;
        client = new MqttClient(brokerUrl, id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        // a callback, not subscribe(topic, qos, listener): that overload of Paho 1.2.5's MqttClient calls itself forever
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                replied(m);
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void deliveryComplete(IMqttToken t) {}

            @Override
            public void connectComplete(boolean reconnect, String uri) {}

            @Override
            public void authPacketArrived(int reason, MqttProperties p) {}
        });
        client.connect(o);
        client.subscribe(replyTopic, 1);
    }

    private void replied(MqttMessage m) {
        byte[] correlation = m.getProperties() == null ? null : m.getProperties().getCorrelationData();
        if (correlation == null) return;
        CompletableFuture<String> f = waiting.remove(new String(correlation, StandardCharsets.UTF_8));
        String error = m.getProperties().getUserProperties() == null ? null : m.getProperties().getUserProperties().stream()
                .filter(u -> u.getKey().equals("cairn-error")).map(u -> u.getValue()).findFirst().orElse(null);
        String body = new String(m.getPayload(), StandardCharsets.UTF_8);
        if (f != null) f.complete(error == null ? body : "error " + error + ": " + body);
    }

    /**
     * The reply's JSON text to a request on bus topic {@code topic} ({@code error REASON: ...} for an error reply), or
     * null when no answer came within half a second (a
     * short wait, so that polling sees the new version soon after it serves).
     */
    String request(String topic, String jsonPayload) throws Exception {
        String correlation = UUID.randomUUID().toString();
        CompletableFuture<String> answer = new CompletableFuture<>();
        waiting.put(correlation, answer);
        MqttMessage m = new MqttMessage(jsonPayload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(replyTopic);
        p.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        p.setMessageExpiryInterval(1L);
        m.setProperties(p);
        client.publish("cairn/svc/" + topic, m);
        try {
            return answer.get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } finally {
            waiting.remove(correlation);
        }
    }

    /** What the greeter fixture answers on devloop/greeting, without the JSON quotes; null when none answers. */
    String greeting() throws Exception {
        String reply = request("devloop/greeting", "\"it\"");
        return reply != null && reply.startsWith("\"") && reply.endsWith("\"") ? reply.substring(1, reply.length() - 1) : reply;
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) client.disconnect();
        client.close();
    }
}
