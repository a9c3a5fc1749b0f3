package dev.cairn.mqtt;

import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho's callbacks for one connection. Messages go to the inbox; the end of the connection goes to the
 * connector — also when it ends before the connector has taken the connection over ({@link #attach}).
 */
final class PahoCallback implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(PahoCallback.class);

    private final String node;
    private final BiConsumer<String, MqttMessage> inbox;
    private final BiConsumer<Connection, Throwable> lost;
    private Connection connection;
    private boolean ended;

    PahoCallback(String node, BiConsumer<String, MqttMessage> inbox, BiConsumer<Connection, Throwable> lost) {
        this.node = node;
        this.inbox = inbox;
        this.lost = lost;
    }

    /** False when the connection already ended: the connector must not take it. */
    synchronized boolean attach(Connection c) {
        connection = c;
        return !ended;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        inbox.accept(topic, message);   // the inbox catches everything: an exception here would drop the connection
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        Connection c;
        synchronized (this) {
            ended = true;
            c = connection;
        }
        if (c != null) {
            Throwable cause = response == null ? null : response.getException();
            if (cause == null && response != null) cause = new MqttException(response.getReturnCode());
            lost.accept(c, cause);
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("{}: MQTT error: {}", node, exception.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // each publish has its own listener
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // the connector acts when its connect token completes
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
