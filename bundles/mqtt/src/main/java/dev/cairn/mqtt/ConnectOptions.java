package dev.cairn.mqtt;

import dev.cairn.mqtt.sockets.NoDelaySocketFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** The CONNECT of every attempt, and what the CONNACK tells back. */
final class ConnectOptions {
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    private ConnectOptions() {
    }

    static MqttConnectionOptions of(Settings settings, Presence presence, URI broker) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);   // the broker keeps subscriptions and queues messages while the node is away
        o.setSessionExpiryInterval(settings.sessionExpirySeconds());
        o.setKeepAliveInterval(settings.keepAliveSeconds());
        o.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        o.setAutomaticReconnect(false);   // the connector's own loop (Paho #864)
        o.setSocketFactory("ssl".equals(broker.getScheme()) ? settings.tls() : new NoDelaySocketFactory());
        // payloads a little over the limit still arrive, to be counted as oversize; far larger ones the broker drops
        o.setMaximumPacketSize(Math.min(268_435_455L, 2L * settings.maxPayload() + 65_536));
        if (!settings.username().isEmpty()) o.setUserName(settings.username());
        if (!settings.password().isEmpty()) o.setPassword(utf8(settings.password().chars()));
        o.setWill(presence.topic(), presence.will());
        return o;
    }

    /** How many QoS 1 publishes the broker takes at once; MQTT's default when it does not say. */
    static int receiveMaximum(IMqttToken connect) {
        MqttProperties p = connect.getResponseProperties();
        Integer max = p == null ? null : p.getReceiveMaximum();
        return max == null || max <= 0 ? 65_535 : max;
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        Arrays.fill(chars, '\0');
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
