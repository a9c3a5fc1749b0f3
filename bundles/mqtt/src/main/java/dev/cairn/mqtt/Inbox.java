package dev.cairn.mqtt;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.spi.Receiver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every message from the broker arrives, on Paho's callback thread. Here it is sorted (event,
 * request, reply), checked (size, repeats, echoes) in arrival order, and handed on: events to the bus,
 * which calls subscribers declared non-blocking here and hands the others to one thread of their own, so
 * they see events in order and a slow one never stalls Paho (whose thread also completes our publishes);
 * requests to the {@link RequestServer}; replies to {@link Requests}.
 * Nothing thrown here reaches Paho, which would drop the connection.
 */
final class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final NodeIdentity node;
    private final FleetTopics topics;
    private final int maxPayload;
    private final Json json;
    private final Dedup dedup;
    private final Drops drops;
    private final Counters counters;
    private final Supplier<Receiver> receiver;
    private final Requests requests;
    private final RequestServer server;
    private final Executor events;
    private final ReceivingThread receiving;
    private final Stalls stalls;
    private volatile boolean failureLogged;

    Inbox(NodeIdentity node, FleetTopics topics, int maxPayload, Json json, Dedup dedup, Drops drops, Counters counters,
          Supplier<Receiver> receiver, Requests requests, RequestServer server, Executor events, ReceivingThread receiving,
          Stalls stalls) {
        this.node = node;
        this.topics = topics;
        this.maxPayload = maxPayload;
        this.json = json;
        this.dedup = dedup;
        this.drops = drops;
        this.counters = counters;
        this.receiver = receiver;
        this.requests = requests;
        this.server = server;
        this.events = events;
        this.receiving = receiving;
        this.stalls = stalls;
    }

    void arrived(String mqttTopic, MqttMessage message) {
        receiving.arrived();
        try {
            route(mqttTopic, message);
        } catch (RuntimeException | LinkageError e) {
            if (!failureLogged) {
                failureLogged = true;
                LOG.error("{}: a message on '{}' could not be handled (logged once; the transport goes on)", node.id(), mqttTopic, e);
            }
        }
    }

    private void route(String mqttTopic, MqttMessage message) {
        FleetTopics.Parsed parsed = topics.parse(mqttTopic);
        switch (parsed.kind()) {
            case REPLY -> requests.replied(message);
            case EVENT, REQUEST -> check(parsed, message);
            case OTHER -> LOG.debug("{}: ignored a message on '{}', which is not a bus topic", node.id(), mqttTopic);
        }
    }

    private void check(FleetTopics.Parsed parsed, MqttMessage message) {
        String topic = parsed.busTopic();
        boolean event = parsed.kind() == FleetTopics.Kind.EVENT;
        byte[] payload = message.getPayload();
        if (payload.length > maxPayload) {
            String why = "payload of " + payload.length + " bytes is over payload.max.bytes (" + maxPayload + ")";
            unusable(Drop.OVERSIZE, topic, why);
            if (!event) server.refuse(topic, message, new BusException(BusException.Reason.MALFORMED_PAYLOAD, why));
            return;
        }
        MessageId id = MessageId.parse(userProperty(message, MessageId.PROPERTY));
        if (id != null && event && id.node().equals(node.id())) {
            drops.drop(Drop.ECHO, topic, "this node's own event " + id + " came back");
            return;
        }
        if (id != null && !dedup.firstTime(id, topic)) {
            counters.drop(Drop.DUPLICATE);
            LOG.debug("{}: dropped {} on '{}': seen before", node.id(), id, topic);
            return;
        }
        if (event) deliver(topic, payload, CallHeaders.of(message));
        else server.serve(topic, message);
    }

    /** Non-blocking subscribers get it here; the bus hands it to the events thread for the others. */
    private void deliver(String topic, byte[] payload, dev.cairn.bus.spi.Call call) {
        Receiver r = receiver.get();
        if (r == null) {
            drops.drop(Drop.CLOSED, topic, "the bus is not open");
            return;
        }
        counters.eventsReceived.increment();
        // decoded by each subscriber's type as the bus hands it on; one that does not fit is dropped there
        JsonInbound inbound = new JsonInbound(json, payload, why -> drops.drop(Drop.MALFORMED, topic, why), call);
        long start = System.nanoTime();
        r.event(topic, inbound, events);
        stalls.check(topic, System.nanoTime() - start);
    }

    /** Counted here and reported to the bus, which counts it against the topic. */
    void unusable(Drop reason, String topic, String why) {
        drops.drop(reason, topic, why);
        Receiver r = receiver.get();
        if (r != null) r.dropped(topic, why);
    }

    static String userProperty(MqttMessage m, String key) {
        if (m.getProperties() == null) return null;
        List<UserProperty> props = m.getProperties().getUserProperties();
        if (props == null) return null;
        for (UserProperty p : props) {
            if (key.equals(p.getKey())) return p.getValue();
        }
        return null;
    }
}
