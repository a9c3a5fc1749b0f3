package dev.cairn.mqtt;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.spi.Call;
import dev.cairn.bus.spi.Receiver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves requests from other nodes with this node's handlers and sends the reply — or an error reply
 * (user property {@value Requests#ERROR} = the reason) — to the request's response topic with its
 * correlation data. Handlers run on a small pool, not on Paho's thread — a handler may itself ask another
 * node and wait — unless they are declared non-blocking: those run on Paho's thread, as a bare MQTT client
 * answers, one thread hand-off fewer per request.
 */
final class RequestServer {
    private static final Logger LOG = LoggerFactory.getLogger(RequestServer.class);

    private final NodeIdentity node;
    private final FleetTopics topics;
    private final int maxPayload;
    private final Json json;
    private final Drops drops;
    private final Counters counters;
    private final Subscriptions subscriptions;
    private final Supplier<Receiver> receiver;
    private final Supplier<Connection> link;
    private final Executor pool;
    private final Consumer<String> unserve;
    private final Stalls stalls;

    RequestServer(NodeIdentity node, FleetTopics topics, int maxPayload, Json json, Drops drops, Counters counters,
                  Subscriptions subscriptions, Supplier<Receiver> receiver, Supplier<Connection> link, Executor pool,
                  Consumer<String> unserve, Stalls stalls) {
        this.node = node;
        this.topics = topics;
        this.maxPayload = maxPayload;
        this.json = json;
        this.drops = drops;
        this.counters = counters;
        this.subscriptions = subscriptions;
        this.receiver = receiver;
        this.link = link;
        this.pool = pool;
        this.unserve = unserve;
        this.stalls = stalls;
    }

    /**
     * On Paho's thread: checked, then served — here for a handler declared non-blocking, which saves the
     * hand-off to the pool; on the pool for any other.
     */
    void serve(String topic, MqttMessage request) {
        if (!replyable(topic, request)) return;
        if (!subscriptions.serves(topic)) {
            // a shared subscription left from an earlier run of this node (its broker session outlived it)
            refuse(topic, request, new BusException(Reason.NO_HANDLER, "node " + node.id() + " no longer serves '" + topic + "'"));
            unserve.accept(topic);
            return;
        }
        Receiver r = receiver.get();
        if (r == null) {
            reply(topic, request, null, new BusException(Reason.CLOSED, "the bus of node " + node.id() + " is not open"));
            return;
        }
        Call call = CallHeaders.of(request);
        if (call == null) call = new Call(null, null);   // to hear which bundle serves, for the reply
        JsonInbound payload = new JsonInbound(json, request.getPayload(), why -> drops.drop(Drop.MALFORMED, topic, why), call);
        CompletionStage<Object> answer;
        long start = System.nanoTime();
        try {
            answer = r.request(topic, payload, pool);
        } catch (RejectedExecutionException e) {
            drops.drop(Drop.BUSY, topic, "every request thread is busy and the queue is full");
            return;
        } catch (RuntimeException | LinkageError e) {
            reply(topic, request, null, e);
            return;
        }
        stalls.check(topic, System.nanoTime() - start);
        Call served = call;
        answer.whenComplete((reply, failure) -> reply(topic, request, reply, failure, served.callee()));
    }

    /** Answers with an error straight away. */
    void refuse(String topic, MqttMessage request, BusException why) {
        if (replyable(topic, request)) reply(topic, request, null, why);
    }

    private boolean replyable(String topic, MqttMessage request) {
        MqttProperties p = request.getProperties();
        if (p == null || !topics.isReplyTopic(p.getResponseTopic()) || p.getCorrelationData() == null) {
            drops.drop(Drop.MALFORMED, topic, "a request without a reply topic of this fleet, or without correlation data");
            return false;
        }
        return true;
    }

    private void reply(String topic, MqttMessage request, Object reply, Throwable failure) {
        reply(topic, request, reply, failure, null);
    }

    /** {@code callee}: the bundle that served, told the caller in {@value CallHeaders#CALLEE}; may be null. */
    private void reply(String topic, MqttMessage request, Object reply, Throwable failure, String callee) {
        MqttProperties in = request.getProperties();
        MqttMessage m;
        if (failure == null) {
            byte[] body;
            try {
                body = json.payload(topic, reply);
                if (body.length > maxPayload) throw new BusException(Reason.MALFORMED_PAYLOAD,
                        "the reply of '" + topic + "' has " + body.length + " bytes, over payload.max.bytes (" + maxPayload + ")");
            } catch (BusException e) {
                reply(topic, request, null, e);
                return;
            }
            m = new MqttMessage(body);
            m.setProperties(properties(in, null, callee));
            counters.requestsServed.increment();
        } else {
            BusException e = asBusException(topic, failure);
            m = new MqttMessage(json.string(e.getMessage()));
            m.setProperties(properties(in, e.reason(), callee));
        }
        m.setQos(1);
        Connection c = link.get();
        if (c == null) {
            drops.drop(Drop.OFFLINE, topic, "the reply to " + in.getResponseTopic() + " found no connection");
            return;
        }
        c.publish(in.getResponseTopic(), m, Listeners.logFailure(LOG, node.id() + ": reply to " + in.getResponseTopic() + " not sent"));
    }

    private static MqttProperties properties(MqttProperties request, Reason error, String callee) {
        MqttProperties p = new MqttProperties();
        p.setCorrelationData(request.getCorrelationData());
        List<UserProperty> props = new ArrayList<>(2);
        if (error != null) props.add(new UserProperty(Requests.ERROR, error.name()));
        if (callee != null) props.add(new UserProperty(CallHeaders.CALLEE, callee));
        if (!props.isEmpty()) p.setUserProperties(props);
        return p;
    }

    private BusException asBusException(String topic, Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        if (t instanceof BusException b) return b;
        return new BusException(Reason.HANDLER_FAILED, "the handler of '" + topic + "' on node " + node.id() + " failed: " + t, t);
    }
}
