package dev.cairn.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Mosquitto's dynamic-security plugin, driven over MQTT: commands go to {@value #TOPIC} in batches
 * ({@code {"commands": [...]}}), and the plugin answers every batch on {@value #RESPONSES} with one response per
 * command, in order. Every admin connected sees every answer, so each command carries a correlation id of this
 * batch and only the answer that has them is taken.
 *
 * <p>What Mosquitto 2.0.11 does, as measured (see {@code DynamicSecurityTest} and {@code MosquittoAccessTest}):
 * a command that changes a client (its password, its roles, its removal) or a role's ACLs disconnects every
 * client concerned at once (DISCONNECT 0x98, administrative action), without publishing their wills.
 */
public final class DynamicSecurity implements AutoCloseable {
    public static final String TOPIC = "$CONTROL/dynamic-security/v1";
    public static final String RESPONSES = TOPIC + "/response";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One command's answer: {@code error} is the plugin's words ("Client not found"), null when it succeeded. */
    public record Response(String command, String error, Map<String, Object> data) {
        public Response {
            data = data == null ? Map.of() : data;
        }

        public boolean ok() {
            return error == null;
        }
    }

    private final BrokerLogin login;
    private final ObjectMapper json = new ObjectMapper();
    private final String clientId = "cairnctl-dynsec-" + HexFormat.of().formatHex(randomBytes(6));
    private final Map<String, CompletableFuture<List<Map<String, Object>>>> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<MqttMessage>> topics = new ConcurrentHashMap<>();
    private volatile MqttAsyncClient client;
    private volatile CtlException lost;

    private DynamicSecurity(BrokerLogin login) {
        this.login = login;
    }

    /**
     * Connects and subscribes to the plugin's answers; a user the broker does not let read them is refused here
     * (and never publishes a command, which Mosquitto 2.0.11 would answer by closing the connection).
     */
    public static DynamicSecurity connect(BrokerLogin login) throws CtlException {
        DynamicSecurity d = new DynamicSecurity(login);
        d.client = Mqtt.open(login, d.clientId, ignored -> new Callback(d));
        try {
            int code = d.subscribe(RESPONSES);
            if (code >= 0x80) {
                d.close();
                throw new CtlException(CtlException.Kind.REFUSED, "the broker " + login.brokerUrl() + " does not let "
                        + (login.username() == null ? "an anonymous client" : "user " + login.username())
                        + " administer its dynamic security (subscribing to " + RESPONSES + " was refused with 0x"
                        + Integer.toHexString(code) + "): give the dynamic-security admin's --username and --password-file");
            }
        } catch (MqttException e) {
            d.close();
            throw Mqtt.connectFailure(e, login.brokerUrl());
        }
        return d;
    }

    public String brokerUrl() {
        return login.brokerUrl();
    }

    /** Sends {@code commands} as one batch and returns their answers in order; throws when none came in time. */
    public List<Response> send(List<Map<String, Object>> commands, Duration timeout) throws CtlException {
        if (commands.isEmpty()) return List.of();
        MqttAsyncClient c = connected();
        String batch = HexFormat.of().formatHex(randomBytes(8));
        List<Map<String, Object>> tagged = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Map<String, Object> command = new LinkedHashMap<>(commands.get(i));
            command.put("correlationData", batch + "/" + i);
            tagged.add(command);
        }
        CompletableFuture<List<Map<String, Object>>> answer = new CompletableFuture<>();
        pending.put(batch, answer);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            MqttMessage m = new MqttMessage(json.writeValueAsBytes(Map.of("commands", tagged)));
            m.setQos(1);
            IMqttToken sent = Mqtt.publish(c, TOPIC, m);
            sent.waitForCompletion(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            int[] codes = sent.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80)
                throw new CtlException(CtlException.Kind.REFUSED, "the broker refused the dynamic-security command (0x" + Integer.toHexString(codes[0]) + ")");
            List<Map<String, Object>> raw = answer.get(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
            List<Response> responses = new ArrayList<>();
            for (int i = 0; i < tagged.size(); i++) {
                Map<String, Object> r = i < raw.size() ? raw.get(i) : Map.of("error", "no answer to this command");
                responses.add(new Response(String.valueOf(r.getOrDefault("command", tagged.get(i).get("command"))),
                        r.get("error") == null ? null : String.valueOf(r.get("error")), asMap(r.get("data"))));
            }
            return responses;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("dynamic-security commands are not JSON-ready: " + e.getOriginalMessage(), e);
        } catch (TimeoutException e) {
            throw new CtlException(CtlException.Kind.UNREACHABLE, "Mosquitto's dynamic-security plugin at " + login.brokerUrl()
                    + " did not answer within " + ManagementClient.seconds(timeout)
                    + ": is it loaded (plugin and plugin_opt_config_file in mosquitto.conf; cairnctl broker-config --mosquitto)?");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CtlException ce) throw ce;
            throw new CtlException(CtlException.Kind.FAILED, String.valueOf(e.getCause()), e.getCause());
        } catch (MqttException e) {
            throw lostWhile("sending a dynamic-security command", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(CtlException.Kind.FAILED, "interrupted", e);
        } finally {
            pending.remove(batch);
        }
    }

    /**
     * The message retained on {@code topic} (no wildcards), waiting at most {@code wait} after Mosquitto's end of the
     * retained messages; empty when there is none, or the broker does not let this user read it.
     */
    public Optional<byte[]> retained(String topic, Duration wait) throws CtlException {
        MqttAsyncClient c = connected();
        BlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
        topics.put(topic, m -> {
            if (m.isRetained()) arrived.add(m.getPayload());
        });
        try {
            if (subscribe(topic) >= 0x80) return Optional.empty();
            // The end of the retained message, if any: Mosquitto answers a client's packets in order and queues a
            // SUBSCRIBE's retained messages while it handles it, so an UNSUBSCRIBE of a filter never subscribed is
            // answered after them (measured: at most 2 ms behind, in Paho's callback queue). Mosquitto's only: the
            // embedded broker hands retained messages to a delivery thread, which the UNSUBACK can overtake.
            c.unsubscribe(topic + "/" + clientId + "/end-of-retained").waitForCompletion(login.connectTimeout().toMillis());
            byte[] payload = arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            c.unsubscribe(topic);
            return payload == null || payload.length == 0 ? Optional.empty() : Optional.of(payload);
        } catch (MqttException e) {
            throw lostWhile("reading " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(CtlException.Kind.FAILED, "interrupted", e);
        } finally {
            topics.remove(topic);
        }
    }

    /**
     * Publishes one retained QoS 1 message with another login (a client of the broker, not its admin) and returns the
     * PUBACK's reason code: how cairnctl says "offline" for a node it revokes, whose will Mosquitto drops.
     */
    public static int publishAs(BrokerLogin as, String topic, byte[] payload, boolean retained) throws CtlException {
        MqttAsyncClient c = Mqtt.open(as, "cairnctl-" + HexFormat.of().formatHex(randomBytes(6)), ignored -> new Callback(null));
        try {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            m.setRetained(retained);
            IMqttToken t = Mqtt.publish(c, topic, m);
            t.waitForCompletion(as.connectTimeout().toMillis());
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            throw new CtlException(CtlException.Kind.UNREACHABLE, "could not publish on " + topic + " as " + as.username() + ": " + e.getMessage(), e);
        } finally {
            Mqtt.closeQuietly(c);
        }
    }

    private int subscribe(String topic) throws MqttException {
        IMqttToken t = client.subscribe(topic, 1);
        t.waitForCompletion(login.connectTimeout().toMillis());
        int[] codes = t.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    private MqttAsyncClient connected() throws CtlException {
        MqttAsyncClient c = client;
        if (c == null) throw new IllegalStateException("closed");
        if (!c.isConnected()) throw lost != null ? lost : new CtlException(CtlException.Kind.UNREACHABLE, "not connected to " + login.brokerUrl());
        return c;
    }

    private CtlException lostWhile(String what, MqttException e) {
        return CtlException.connectionLost("connection to the broker " + login.brokerUrl() + " lost while " + what + " (" + e.getMessage() + ")", e);
    }

    @Override
    public void close() {
        MqttAsyncClient c = client;
        client = null;
        Mqtt.closeQuietly(c);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Paho's callback: answers complete the batch they belong to; never throws. */
    private static class Callback implements MqttCallback {
        private final DynamicSecurity owner;

        Callback(DynamicSecurity owner) {
            this.owner = owner;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void messageArrived(String topic, MqttMessage message) {
            if (owner == null) return;
            try {
                if (topic.equals(RESPONSES)) {
                    Map<String, Object> m = owner.json.readValue(message.getPayload(), Map.class);
                    if (!(m.get("responses") instanceof List<?> list) || list.isEmpty()) return;
                    List<Map<String, Object>> responses = new ArrayList<>();
                    for (Object r : list) responses.add(asMap(r));
                    Object correlation = responses.get(0).get("correlationData");
                    if (correlation == null) return;
                    String id = String.valueOf(correlation);
                    int slash = id.indexOf('/');
                    CompletableFuture<List<Map<String, Object>>> f = owner.pending.get(slash < 0 ? id : id.substring(0, slash));
                    if (f != null) f.complete(responses);
                } else {
                    Consumer<MqttMessage> sink = owner.topics.get(topic);
                    if (sink != null) sink.accept(message);
                }
            } catch (IOException | RuntimeException e) {
                // not an answer of ours; a waiter times out
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner == null) return;
            String why = response.getReasonString() != null ? response.getReasonString()
                    : response.getException() != null ? response.getException().getMessage() : "reason code 0x" + Integer.toHexString(response.getReturnCode());
            CtlException e = CtlException.connectionLost("connection to the broker " + owner.login.brokerUrl() + " lost (" + why + ")",
                    response.getException());
            owner.lost = e;
            owner.pending.values().forEach(f -> f.completeExceptionally(e));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // reported through the tokens
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // PUBACKs are read from the publish tokens
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // connect() waits for its token
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
