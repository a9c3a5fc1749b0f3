package dev.cairn.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's retained status on {@code <prefix>/node/<node>/status}: a birth message at every connect
 * (version, labels, bundles and their states, served topics), again when those change, and "offline" —
 * by the broker as the will when the connection dies, by the node itself on a clean stop.
 */
final class Presence {
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    /** Bundle events come in bursts (a deploy starts several): one status for the whole burst. */
    static final Duration DEBOUNCE = Duration.ofMillis(250);

    private final NodeIdentity node;
    private final String topic;
    private final Bundles bundles;
    private final Subscriptions subscriptions;
    private final Json json;
    private final ScheduledExecutorService loop;
    private final Supplier<Connection> link;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Instant since = Instant.now();

    Presence(NodeIdentity node, FleetTopics topics, Bundles bundles, Subscriptions subscriptions, Json json,
             ScheduledExecutorService loop, Supplier<Connection> link) {
        this.node = node;
        this.topic = topics.status(node.id());
        this.bundles = bundles;
        this.subscriptions = subscriptions;
        this.json = json;
        this.loop = loop;
        this.link = link;
    }

    String topic() {
        return topic;
    }

    /** The will: set at connect, published by the broker if the connection ends without a DISCONNECT. */
    MqttMessage will() {
        return retained(offline("connection lost"));
    }

    void announce(Connection c) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("node", node.id());
        status.put("status", "online");
        status.put("version", node.version());
        status.put("labels", node.labels());
        status.put("since", since.toString());
        status.put("handles", subscriptions.served());
        status.put("bundles", bundles.list());
        c.publish(topic, retained(status), Listeners.logFailure(LOG, node.id() + ": presence not published"));
    }

    /** Handled topics or bundles changed: announce once the burst is over. */
    void changed() {
        if (!pending.compareAndSet(false, true)) return;
        try {
            loop.schedule(() -> {
                pending.set(false);
                Connection c = link.get();
                if (c != null) announce(c);
            }, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            pending.set(false);
        }
    }

    /** A clean stop: "offline" from the node itself, waited for, so the last word is ours and not the will. */
    boolean stopped(Connection c, Duration wait) {
        try {
            IMqttToken t = c.client.publish(topic, retained(offline("stopped")));
            t.waitForCompletion(wait.toMillis());
            return true;
        } catch (MqttException | RuntimeException e) {
            LOG.warn("{}: could not say offline before stopping ({}); the broker will send the will instead", node.id(), e.toString());
            return false;
        }
    }

    private Map<String, Object> offline(String reason) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("node", node.id());
        status.put("status", "offline");
        status.put("reason", reason);
        return status;
    }

    private MqttMessage retained(Map<String, Object> status) {
        MqttMessage m = new MqttMessage(json.encode(status));
        m.setQos(1);
        m.setRetained(true);
        return m;
    }
}
