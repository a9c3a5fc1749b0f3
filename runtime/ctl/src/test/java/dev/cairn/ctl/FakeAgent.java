package dev.cairn.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.management.protocol.Keys;
import dev.cairn.management.protocol.Reply;
import dev.cairn.management.protocol.SignedRequest;
import dev.cairn.management.protocol.Signatures;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A node's management agent as far as cairnctl can tell: serves {@code cairn/svc/mgmt/<node>}, checks the
 * signature against the keys it trusts, keeps bundles and configurations in memory, stores uploads chunk by
 * chunk, and answers through the response topic. Every request it saw is kept with its MQTT properties.
 */
public final class FakeAgent implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** As the agent masks secrets (keys starting with '.', among others) and keeps one sent back masked. */
    static final String MASK = "******";

    public record Seen(String op, Map<String, Object> request, MqttProperties properties) {}

    final String node;
    final MqttAsyncClient client;
    final Map<String, PublicKey> trusted = new ConcurrentHashMap<>();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    public final List<Map<String, Object>> bundles = new CopyOnWriteArrayList<>();
    public final Map<String, Map<String, Object>> configs = new ConcurrentHashMap<>();
    /** Uploads in progress by SHA-256. */
    final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    volatile boolean silent;
    volatile String busError;
    /** Called with the offset of each data chunk before it is stored; may cut the connection. */
    volatile Consumer<Long> onChunk = offset -> {};
    private long nextId = 10;

    public FakeAgent(String brokerUrl, String node, PublicKey... trust) throws MqttException {
        this.node = node;
        for (PublicKey k : trust) trusted.put(Keys.id(k), k);
        bundles.add(new LinkedHashMap<>(Map.of("id", 0, "name", "org.apache.felix.framework", "version", "7.0.5", "state", "ACTIVE")));
        client = new MqttAsyncClient(brokerUrl, "agent-" + node, new MemoryPersistence());
        client.setCallback(new Callback());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setTopicAliasMaximum(0);
        client.connect(o).waitForCompletion(5000);
        client.subscribe("$share/cairn/cairn/svc/mgmt/" + node, 1).waitForCompletion(5000);
    }

    /** Publishes a retained presence message as the mqtt transport does. */
    public void announce(String status, Map<String, String> labels) throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("node", node);
        s.put("status", status);
        if (status.equals("online")) {
            s.put("version", "0.1.0-SNAPSHOT");
            s.put("labels", labels);
            s.put("since", "2026-11-22T12:00:00Z");
            s.put("handles", List.of("mgmt/" + node));
            s.put("bundles", List.of(Map.of("name", "dev.cairn.bus", "version", "0.1.0", "state", "ACTIVE")));
        } else {
            s.put("reason", "stopped");
        }
        MqttMessage m = new MqttMessage(JSON.writeValueAsBytes(s));
        m.setQos(1);
        m.setRetained(true);
        client.publish("cairn/node/" + node + "/status", m).waitForCompletion(5000);
    }

    public void clearPresence() throws MqttException {
        MqttMessage m = new MqttMessage(new byte[0]);
        m.setQos(1);
        m.setRetained(true);
        client.publish("cairn/node/" + node + "/status", m).waitForCompletion(5000);
    }

    @Override
    public void close() throws MqttException {
        try {
            clearPresence();
        } catch (MqttException | RuntimeException e) {
            // the broker may be gone
        }
        if (client.isConnected()) client.disconnect().waitForCompletion(2000);
        client.close(true);
    }

    /** The agent's answer to one request; the signature already checked. */
    @SuppressWarnings("unchecked")
    private Object serve(String op, Map<String, Object> args) throws Refusal {
        switch (op) {
            case "node.info":
                return Map.of("node", node, "version", "0.1.0-SNAPSHOT", "labels", Map.of(), "uptimeMs", 1234, "bundles", bundles);
            case "health":
                return Map.of("live", true, "ready", true, "checks", List.of());
            case "bundles.list":
                return bundles;
            case "bundles.uninstall": {
                Object id = args.get("bundle");
                Map<String, Object> b = bundles.stream().filter(x -> String.valueOf(x.get("id")).equals(String.valueOf(id))
                        || String.valueOf(x.get("name")).equals(String.valueOf(id))).findFirst()
                        .orElseThrow(() -> new Refusal("NOT_FOUND", "no bundle " + id, "bundle"));
                bundles.remove(b);
                return b;
            }
            case "bundles.install":
            case "bundles.update":
                return upload(args);
            case "config.list": {
                List<Object> out = new ArrayList<>();
                configs.forEach((pid, props) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("pid", pid);
                    if (pid.contains("~")) row.put("factoryPid", pid.substring(0, pid.indexOf('~')));
                    row.put("properties", masked(props));
                    out.add(row);
                });
                return out;
            }
            case "config.get": {
                Map<String, Object> p = configs.get((String) args.get("pid"));
                if (p == null) throw new Refusal("NOT_FOUND", "no configuration " + args.get("pid"), "pid");
                return Map.of("pid", args.get("pid"), "properties", masked(p));
            }
            case "config.put": {
                String pid = args.containsKey("pid") ? (String) args.get("pid") : args.get("factoryPid") + "~" + args.get("name");
                Map<String, Object> props = (Map<String, Object>) args.get("properties");
                Object interval = props.get("interval.ms");
                if (interval instanceof Number n && n.longValue() < 10)
                    throw new Refusal("INVALID_CONFIG", "interval.ms must be ≥ 10", "interval.ms");
                Map<String, Object> current = configs.getOrDefault(pid, Map.of());
                Map<String, Object> now = Boolean.TRUE.equals(args.get("replace")) ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
                props.forEach((k, v) -> now.put(k, k.startsWith(".") && MASK.equals(v) && current.containsKey(k) ? current.get(k) : v));
                configs.put(pid, now);
                return Map.of("pid", pid, "properties", masked(now));
            }
            case "config.delete": {
                String pid = (String) args.get("pid");
                if (configs.remove(pid) == null) throw new Refusal("NOT_FOUND", "no configuration " + pid, "pid");
                return Map.of("pid", pid, "deleted", true);
            }
            default:
                throw new Refusal("UNKNOWN_OP", "no op " + op, "op");
        }
    }

    /** An argument of a request as seen. */
    public static Object arg(Map<String, Object> request, String key) {
        return request.get("args") instanceof Map<?, ?> args ? args.get(key) : null;
    }

    private static Map<String, Object> masked(Map<String, Object> props) {
        Map<String, Object> m = new LinkedHashMap<>();
        props.forEach((k, v) -> m.put(k, k.startsWith(".") ? MASK : v));
        return m;
    }

    private Object upload(Map<String, Object> args) throws Refusal {
        String file = (String) args.get("file");
        String sha = (String) args.get("sha256");
        long size = ((Number) args.get("size")).longValue();
        ByteArrayOutputStream buf = uploads.computeIfAbsent(sha, k -> new ByteArrayOutputStream());
        if (!args.containsKey("data")) return Map.of("received", buf.size());
        long offset = ((Number) args.get("offset")).longValue();
        if (offset != buf.size()) throw new Refusal("BAD_UPLOAD", "chunk at " + offset + ", expected " + buf.size(), "offset");
        onChunk.accept(offset);
        buf.writeBytes(Base64.getDecoder().decode((String) args.get("data")));
        if (buf.size() < size) return Map.of("received", buf.size());
        byte[] all = buf.toByteArray();
        uploads.remove(sha);
        if (!sha256(all).equals(sha)) throw new Refusal("BAD_UPLOAD", "SHA-256 mismatch", "sha256");
        files.put(file, all);
        bundles.removeIf(b -> file.equals(b.get("file")));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", nextId++);
        b.put("name", "dev.cairn.examples." + file.replace(".jar", ""));
        b.put("version", "0.1.0");
        b.put("state", "ACTIVE");
        b.put("location", "file:deploy/" + file);
        b.put("file", file);
        b.put("sha256", sha);
        bundles.add(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final class Refusal extends Exception {
        final String code, field;

        Refusal(String code, String message, String field) {
            super(message);
            this.code = code;
            this.field = field;
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        @SuppressWarnings("unchecked")
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            if (silent || p == null || p.getResponseTopic() == null) return;
            String id = null;
            Object reply;
            MqttProperties out = new MqttProperties();
            out.setCorrelationData(p.getCorrelationData());
            try {
                if (busError != null) {
                    out.setUserProperties(List.of(new UserProperty("cairn-error", busError)));
                    reply = "handler exploded";
                } else {
                    SignedRequest signed = JSON.readValue(message.getPayload(), SignedRequest.class);
                    Map<String, Object> request = JSON.readValue(signed.request(), Map.class);
                    id = (String) request.get("id");
                    seen.add(new Seen((String) request.get("op"), request, p));
                    PublicKey key = trusted.get(signed.key());
                    if (key == null) reply = Reply.error(id, "UNTRUSTED_KEY", "key " + signed.key() + " is not trusted", null);
                    else if (!Signatures.verify(signed, key)) reply = Reply.error(id, "BAD_SIGNATURE", "signature does not match", null);
                    else if (!node.equals(request.get("target"))) reply = Reply.error(id, "BAD_REQUEST", "not for this node", "target");
                    else {
                        try {
                            reply = Reply.ok(id, serve((String) request.get("op"), (Map<String, Object>) request.get("args")));
                        } catch (Refusal r) {
                            reply = Reply.error(id, r.code, r.getMessage(), r.field);
                        }
                    }
                }
                MqttMessage m = new MqttMessage(JSON.writeValueAsBytes(reply));
                m.setQos(1);
                m.setProperties(out);
                client.publish(p.getResponseTopic(), m);   // asynchronous: never wait on Paho's own thread
            } catch (Exception e) {
                System.err.println(node + ": fake agent failed: " + e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
