package dev.cairn.mqtt;

import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * One established connection: a Paho client used for exactly one connection, then closed. A new client
 * per connection means Paho never re-sends anything on its own after a reconnect — the outbox is the
 * only source of what still has to go, in its order.
 */
final class Connection {
    /** Paho's "too many publishes in progress"; it occurs even below the broker's receive maximum (#993). */
    static final int TOO_MANY_PUBLISHES = MqttClientException.REASON_CODE_MAX_INFLIGHT;
    static final int NO_MATCHING_SUBSCRIBERS = 0x10;
    /** MQTT 5's "not authorized": the broker's rules for this client do not allow it. */
    static final int NOT_AUTHORIZED = 0x87;
    private static final int RETRIES = 500;

    final long number;
    final URI broker;
    final MqttAsyncClient client;
    final boolean sessionPresent;
    /** How many QoS 1 publishes the broker takes at once (CONNACK's receive maximum). */
    final int receiveMaximum;
    private final ScheduledExecutorService retries;

    Connection(long number, URI broker, MqttAsyncClient client, boolean sessionPresent, int receiveMaximum, ScheduledExecutorService retries) {
        this.number = number;
        this.broker = broker;
        this.client = client;
        this.sessionPresent = sessionPresent;
        this.receiveMaximum = receiveMaximum;
        this.retries = retries;
    }

    /** Hands the message to Paho; false when Paho is busy (try again shortly). Other failures throw. */
    boolean tryPublish(String topic, MqttMessage message, MqttActionListener listener) throws MqttException {
        try {
            client.publish(topic, message, null, listener);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == TOO_MANY_PUBLISHES) return false;
            throw e;
        }
    }

    /** Publishes without blocking; a busy Paho is retried every 2 ms for about a second. The listener hears the outcome. */
    void publish(String topic, MqttMessage message, MqttActionListener listener) {
        publish(topic, message, listener, 0);
    }

    private void publish(String topic, MqttMessage message, MqttActionListener listener, int attempt) {
        try {
            if (tryPublish(topic, message, listener)) return;
            if (attempt < RETRIES) {
                retries.schedule(() -> publish(topic, message, listener, attempt + 1), 2, TimeUnit.MILLISECONDS);
                return;
            }
            listener.onFailure(null, new MqttException(TOO_MANY_PUBLISHES));
        } catch (MqttException | RuntimeException e) {
            listener.onFailure(null, e);
        }
    }

    static int reasonCode(IMqttToken token) {
        int[] codes = token == null ? null : token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** Ends the connection at once, without a DISCONNECT packet (the broker then sends the will). */
    void abandon() {
        try {
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException | RuntimeException e) {
            // already gone
        }
        closeClient();
    }

    void closeClient() {
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // nothing more to release
        }
    }

    @Override
    public String toString() {
        return broker + " #" + number;
    }
}
