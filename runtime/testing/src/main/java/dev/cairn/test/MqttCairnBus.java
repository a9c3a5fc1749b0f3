package dev.cairn.test;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.access.TopicFilters;
import dev.cairn.mqtt.sockets.NoDelaySocketFactory;
import dev.cairn.mqtt.sockets.PahoThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * {@link CairnBus} as an MQTT 5 client of the nodes' broker, speaking the transport's mapping (DESIGN.md, "MQTT
 * mapping"): events on {@code cairn/bus/T}; requests on {@code cairn/svc/T} with a response topic
 * {@code cairn/reply/<client>} and correlation data; error replies carry the reason in user property
 * {@code cairn-error} and the message as a JSON string. It also follows the nodes' retained presence
 * ({@code cairn/node/+/status}), which says when they are ready.
 */
final class MqttCairnBus implements CairnBus, AutoCloseable {
    static final String PREFIX = "cairn";
    private static final String ERROR = "cairn-error";
    private static final int NO_MATCHING_SUBSCRIBERS = 0x10;
    private static final Duration BROKER_WAIT = Duration.ofSeconds(10);

    private final Placement placement;
    private final List<NodeProcess> nodes;
    private final String clientId = "cairn-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String replyTopic = PREFIX + "/reply/" + clientId;
    private final Payloads payloads = new Payloads();
    private final NodePresence presence;
    private final MqttAsyncClient client;
    private final List<Received<?>> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<MqttMessage>> pending = new ConcurrentHashMap<>();

    /** Paho's threads without the 300 ms of sleeps in each connect (see PahoThreads); daemons, shared by every test bus. */
    private static final PahoThreads THREADS = new PahoThreads("cairn-test");

    MqttCairnBus(Placement placement, List<NodeProcess> nodes, int brokerPort) throws MqttException {
        this.placement = placement;
        this.nodes = nodes;
        this.presence = new NodePresence(payloads);
        this.client = new MqttAsyncClient("tcp://127.0.0.1:" + brokerPort, clientId, new MemoryPersistence(), null, THREADS);
        client.setCallback(new Callback());
    }

    /** Connects, trying again while the broker is not up yet (an embedded one starts with its node); subscribes to replies and presence. */
    void connect(Deadline deadline) throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(new NoDelaySocketFactory());
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(5);
        while (true) {
            try {
                client.connect(o).waitForCompletion(BROKER_WAIT.toMillis());
                break;
            } catch (MqttException e) {
                if (deadline.passed()) throw e;
                deadline.pause(Duration.ofMillis(50));
            }
        }
        subscribe(new MqttSubscription(replyTopic, 1));
        subscribe(new MqttSubscription(PREFIX + "/node/+/status", 1));
    }

    /** Until every node is online with its bundles active and their declared topics served. */
    void awaitNodes(Deadline deadline) {
        presence.await(nodes, deadline);
    }

    @Override
    public Placement placement() {
        return placement;
    }

    @Override
    public List<CairnNode> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public CairnNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no node '" + name + "' in " + placement + "; its nodes are " + nodes.stream().map(NodeProcess::name).toList()));
    }

    @Override
    public String brokerUrl() {
        return client.getServerURI();
    }

    @Override
    public void publish(String topic, Object payload) {
        Topics.check(topic, false);
        MqttMessage m = new MqttMessage(payloads.encode(topic, payload));
        m.setQos(1);
        try {
            client.publish(PREFIX + "/bus/" + topic, m).waitForCompletion(BROKER_WAIT.toMillis());
        } catch (MqttException e) {
            throw new BusException(Reason.CLOSED, "the event on '" + topic + "' was not taken by the broker: " + e, e);
        }
    }

    @Override
    public <T> Received<T> subscribe(String filter, Class<T> type) {
        Topics.check(filter, true);
        Received<T> r = new Received<>(filter, type, subscriptions::remove);
        subscriptions.add(r);
        MqttSubscription s = new MqttSubscription(PREFIX + "/bus/" + filter, 1);
        s.setNoLocal(true);   // as a node: what it publishes itself does not come back
        try {
            subscribe(s);
        } catch (MqttException e) {
            subscriptions.remove(r);
            throw new BusException(Reason.CLOSED, "the broker did not take the subscription to '" + filter + "': " + e, e);
        }
        return r;
    }

    @Override
    public <R> R request(String topic, Object payload, Class<R> replyType, Duration timeout) {
        Topics.check(topic, false);
        byte[] body = payloads.encode(topic, payload);
        String correlation = UUID.randomUUID().toString();
        MqttMessage m = new MqttMessage(body);
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(replyTopic);
        p.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        p.setMessageExpiryInterval((timeout.toMillis() + 999) / 1000);
        m.setProperties(p);
        CompletableFuture<MqttMessage> reply = new CompletableFuture<>();
        pending.put(correlation, reply);
        try {
            IMqttToken t = client.publish(PREFIX + "/svc/" + topic, m);
            t.waitForCompletion(BROKER_WAIT.toMillis());
            int[] codes = t.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] == NO_MATCHING_SUBSCRIBERS) {
                throw new BusException(Reason.NO_HANDLER, "no node serves '" + topic + "' (" + placement + ")");
            }
            return decodeReply(topic, reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS), replyType);
        } catch (MqttException e) {
            throw new BusException(Reason.CLOSED, "the request to '" + topic + "' was not taken by the broker: " + e, e);
        } catch (TimeoutException e) {
            throw new BusException(Reason.TIMEOUT, "no reply from '" + topic + "' within " + timeout.toMillis() + " ms (" + placement + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException(Reason.CLOSED, "interrupted while waiting for '" + topic + "'");
        } catch (ExecutionException e) {
            throw new BusException(Reason.CLOSED, "the request to '" + topic + "' failed: " + e.getCause(), e.getCause());
        } finally {
            pending.remove(correlation);
        }
    }

    private <R> R decodeReply(String topic, MqttMessage reply, Class<R> type) {
        String error = userProperty(reply, ERROR);
        if (error != null) throw new BusException(reason(error), errorMessage(reply.getPayload()));
        try {
            return payloads.decode(reply.getPayload(), type);
        } catch (IOException e) {
            throw new BusException(Reason.MALFORMED_PAYLOAD, "the reply from '" + topic + "' is not a " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private String errorMessage(byte[] body) {
        try {
            return payloads.decode(body, String.class);
        } catch (IOException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Reason reason(String name) {
        try {
            return Reason.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Reason.HANDLER_FAILED;
        }
    }

    private void subscribe(MqttSubscription s) throws MqttException {
        IMqttToken t = client.subscribe(new MqttSubscription[] {s});
        t.waitForCompletion(BROKER_WAIT.toMillis());
        int[] codes = t.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            throw new MqttException(codes[0]);
        }
    }

    private static String userProperty(MqttMessage m, String key) {
        if (m.getProperties() == null || m.getProperties().getUserProperties() == null) return null;
        for (UserProperty p : m.getProperties().getUserProperties()) if (key.equals(p.getKey())) return p.getValue();
        return null;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect().waitForCompletion(1_000);
        } catch (MqttException e) {
            // the broker is going away with the nodes
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }

    private void event(String busTopic, byte[] body) {
        for (Received<?> r : subscriptions) if (TopicFilters.covers(r.filter(), busTopic)) deliver(r, busTopic, body);
    }

    private <T> void deliver(Received<T> r, String topic, byte[] body) {
        try {
            r.add(payloads.decode(body, r.type()));
        } catch (IOException | RuntimeException e) {
            r.unreadable("a message on '" + topic + "' is not a " + r.type().getName() + ": " + e.getMessage());
        }
    }

    /** On Paho's thread: decoding is quick, and the tests read what arrived from their own thread. */
    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (topic.equals(replyTopic)) {
                byte[] c = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
                CompletableFuture<MqttMessage> f = c == null ? null : pending.get(new String(c, StandardCharsets.UTF_8));
                if (f != null) f.complete(message);
            } else if (topic.startsWith(PREFIX + "/node/") && topic.endsWith("/status")) {
                presence.arrived(topic.substring((PREFIX + "/node/").length(), topic.length() - "/status".length()), message.getPayload());
            } else if (topic.startsWith(PREFIX + "/bus/")) {
                event(topic.substring((PREFIX + "/bus/").length()), message.getPayload());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the test's connection to the broker ended: " + response)));
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
}
