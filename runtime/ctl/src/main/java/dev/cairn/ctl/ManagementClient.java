package dev.cairn.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bus.access.FleetAcl;
import dev.cairn.management.protocol.Reply;
import dev.cairn.management.protocol.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The management protocol for Java: signed requests to a node's agent over MQTT 5, and the fleet's
 * presence. One connection, used by one caller thread at a time (calls are not meant to overlap; the
 * class is safe against Paho's threads).
 *
 * <p>A request to node N is published QoS 1 to {@code <fleet>/svc/mgmt/N} with response topic
 * {@code <fleet>/reply/<clientId>}, correlation data = the request id, user property {@code cairn-id} and a
 * message expiry of the time-out. "No matching subscribers" in the PUBACK (0x10) means no node N serves
 * management: {@code "no node N online"}.
 *
 * <pre>{@code
 * try (ManagementClient c = ManagementClient.connect(ClientOptions.of("tcp://127.0.0.1:1883", Signer.load(key)))) {
 *     Object info = c.result("pi-3", "node.info", Map.of(), Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class ManagementClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Raw bytes per upload chunk: base64 and the envelope keep the request below the node's 256 KiB limit. */
    public static final int CHUNK_BYTES = 128 * 1024;
    /** How long {@link #nodes()} waits after the last retained status when a broker refuses its end marker. */
    public static final Duration PRESENCE_QUIET = Duration.ofMillis(300);
    static final String BUS_ERROR_PROPERTY = "cairn-error";
    static final String ID_PROPERTY = "cairn-id";
    /** Added to the time-out for the last chunk: the node answers it only when the bundle started or was rolled back. */
    public static final Duration LAST_CHUNK_EXTRA = Duration.ofSeconds(30);
    /** How long one {@code node.upgrade.status} call may take while {@link #awaitUpgrade} polls. */
    static final Duration POLL_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** The names a node takes a runtime tarball under. */
    private static final java.util.regex.Pattern UPLOAD_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.(tar\\.gz|tgz)");
    private static final int NO_MATCHING_SUBSCRIBERS = 0x10;
    private static final int RECONNECT_ATTEMPTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClientOptions options;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final String clientId;
    private final long epoch = System.currentTimeMillis();
    private final AtomicLong sequence = new AtomicLong();
    private final String replyTopic;
    /** Set once the broker refused the end marker of presence: its ACL for this operator predates it. */
    private volatile boolean presenceEndRefused;
    private final Map<String, CompletableFuture<RawReply>> pending = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, MqttMessage> statusSink;
    /** What {@link #listen} subscribed to, subscribed again after a reconnect (the session starts clean). */
    private volatile String listening;
    private volatile java.util.function.Consumer<byte[]> listener;
    private volatile MqttAsyncClient client;

    private ManagementClient(ClientOptions options) {
        this.options = options;
        this.clientId = "cairnctl-" + HexFormat.of().formatHex(randomBytes(6));
        this.replyTopic = options.fleet() + "/reply/" + clientId;
    }

    /** Connects (clean start, TCP_NODELAY, no topic aliases) and subscribes to its reply topic. */
    public static ManagementClient connect(ClientOptions options) throws CtlException {
        ManagementClient c = new ManagementClient(options);
        c.client = c.open();
        return c;
    }

    public String clientId() {
        return clientId;
    }

    public String keyId() {
        return options.signer().keyId();
    }

    public ClientOptions options() {
        return options;
    }

    /** The topic node {@code node}'s agent serves. */
    public String requestTopic(String node) {
        return options.fleet() + "/svc/mgmt/" + node;
    }

    // ---- requests ------------------------------------------------------------------------------------

    /**
     * Sends a signed request and returns the node's reply, {@code ok} or not. Throws when no reply came:
     * the node is offline or silent, the broker is gone ({@code UNREACHABLE}), or the bus failed on the
     * node's side ({@code FAILED}).
     */
    public Reply call(String node, String op, Map<String, ?> args, Duration timeout) throws CtlException {
        Request request = request(node, op, args);
        RawReply raw = exchange(node, encode(sign(request.text())), request.id(), timeout);
        return reply(node, raw);
    }

    /** Like {@link #call}, but a refusal is thrown ({@code REFUSED}, described for a person); returns the result. */
    public Object result(String node, String op, Map<String, ?> args, Duration timeout) throws CtlException {
        Reply reply = call(node, op, args, timeout);
        if (!reply.ok()) throw CtlException.refused(reply.error(), keyId());
        return reply.result();
    }

    /** A request with a fresh id, the current time and a random nonce. */
    public Request request(String node, String op, Map<String, ?> args) {
        return request(node, op, args, Instant.now(), HexFormat.of().formatHex(randomBytes(16)));
    }

    /** A request with the time stamp and nonce given: for tests of expired and replayed requests. */
    public Request request(String node, String op, Map<String, ?> args, Instant ts, String nonce) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("op", op);
        r.put("target", node);
        r.put("args", args == null ? Map.of() : args);
        r.put("ts", ts.toEpochMilli());
        r.put("nonce", nonce);
        try {
            return new Request(id, node, op, json.writeValueAsString(r));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("args of " + op + " are not JSON-ready: " + e.getOriginalMessage(), e);
        }
    }

    public SignedRequest sign(String requestText) {
        return options.signer().sign(requestText);
    }

    /** The JSON payload of a signed request. */
    public byte[] encode(SignedRequest signed) {
        try {
            return json.writeValueAsBytes(signed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes any payload as a management request to {@code node} and waits for what comes back with
     * {@code correlationId}: for tests of unsigned, forged, tampered, replayed or malformed requests.
     */
    public RawReply exchange(String node, byte[] payload, String correlationId, Duration timeout) throws CtlException {
        MqttAsyncClient c = connected();
        CompletableFuture<RawReply> answer = new CompletableFuture<>();
        if (pending.putIfAbsent(correlationId, answer) != null)
            throw new IllegalStateException("a request with id " + correlationId + " is already waiting");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic(replyTopic);
            p.setCorrelationData(correlationId.getBytes(StandardCharsets.UTF_8));
            p.setUserProperties(List.of(new UserProperty(ID_PROPERTY, clientId + "/" + epoch + "/q" + sequence.incrementAndGet())));
            p.setMessageExpiryInterval(Math.max(1L, (timeout.toMillis() + 999) / 1000));
            m.setProperties(p);
            IMqttToken sent = publish(c, requestTopic(node), m);
            try {
                sent.waitForCompletion(Math.max(1, remainingMillis(deadline)));
            } catch (MqttException e) {
                throw failure(e, node);
            }
            if (!sent.isComplete()) throw new CtlException(CtlException.Kind.UNREACHABLE,
                    "the broker did not acknowledge the request to " + node + " within " + seconds(timeout));
            int[] codes = sent.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] == NO_MATCHING_SUBSCRIBERS)
                throw new CtlException(CtlException.Kind.UNREACHABLE, "no node " + node + " online");
            if (codes != null && codes.length > 0 && codes[0] >= 0x80)
                throw new CtlException(CtlException.Kind.FAILED, "the broker refused the request to " + node
                        + " (reason code 0x" + Integer.toHexString(codes[0]) + ")");
            return answer.get(Math.max(0, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CtlException(CtlException.Kind.UNREACHABLE, "node " + node + " did not answer within " + seconds(timeout));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CtlException ce) throw ce;
            throw new CtlException(CtlException.Kind.FAILED, String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(CtlException.Kind.FAILED, "interrupted", e);
        } finally {
            pending.remove(correlationId);
        }
    }

    /** Parses what came back: a {@link Reply}, or the bus's own failure as an exception. */
    public Reply reply(String node, RawReply raw) throws CtlException {
        if (raw.busFailed()) {
            String message;
            try {
                message = json.readValue(raw.payload(), String.class);
            } catch (IOException e) {
                message = raw.text();
            }
            // NO_HANDLER: no node of that id is subscribed; CLOSED: it is, but its bus is not open, as while it starts
            // or stops (a restart into an upgrade shows both): the node cannot be reached now, it did not fail
            boolean absent = "NO_HANDLER".equals(raw.busError());
            boolean away = absent || "CLOSED".equals(raw.busError());
            CtlException.Kind kind = away ? CtlException.Kind.UNREACHABLE : CtlException.Kind.FAILED;
            String what = absent ? "no node " + node + " online" : "node " + node + ": " + raw.busError();
            throw new CtlException(kind, what + (message == null || message.isBlank() ? "" : " (" + message + ")"));
        }
        try {
            return json.readValue(raw.payload(), Reply.class);
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.FAILED, "node " + node + " sent a reply that is not a management reply: " + e.getMessage(), e);
        }
    }

    // ---- presence ------------------------------------------------------------------------------------

    /**
     * Every node that ever announced itself and is still retained, online or offline, sorted by id.
     *
     * <p>MQTT never says that the retained messages a SUBSCRIBE brings are over, so after the SUBACK this client
     * publishes an end marker: a message of its own, not retained, on {@link FleetAcl#presenceEnd}, which the same
     * subscription matches. A broker keeps a subscription's messages in order (Mosquitto one queue per client, Artemis
     * one per subscription), and Paho hands them to this client in order, so when the marker is back every retained
     * status is in — on any link, however slow, and with nothing left to guess. The subscription is QoS 0, as a
     * broker holds QoS 1 messages beyond its in-flight window back (Mosquitto: 20) and a QoS 0 marker would overtake
     * them. A broker whose ACL predates the marker refuses it (PUBACK 0x87): then this client reads presence as it
     * used to, answering once no status arrived for {@link #PRESENCE_QUIET}, for as long as it lives (an operator
     * enrolled again gets the marker's rule). At most 5 s in all.
     */
    public List<NodeStatus> nodes() throws CtlException {
        if (!presenceEndRefused) {
            List<NodeStatus> toMarker = readPresence(true);
            if (toMarker != null) return toMarker;
            // Refused: and Mosquitto 2.0.11 with max_queued_messages 0 then drops the client, perhaps before it sent
            // all it had queued for it, so read again on a connection of its own, without the marker.
            presenceEndRefused = true;
            reconnect();
        }
        return readPresence(false);
    }

    /** The retained statuses, up to this client's end marker or until a quiet period; null when the marker is refused. */
    private List<NodeStatus> readPresence(boolean withMarker) throws CtlException {
        MqttAsyncClient c = connected();
        String filter = options.fleet() + "/node/+/status";
        String marker = FleetAcl.presenceEnd(options.fleet());
        byte[] nonce = HexFormat.of().formatHex(randomBytes(8)).getBytes(StandardCharsets.US_ASCII);
        Map<String, NodeStatus> seen = new TreeMap<>();
        BlockingQueue<Boolean> arrivals = new LinkedBlockingQueue<>();
        CountDownLatch end = new CountDownLatch(1);
        statusSink = (topic, message) -> {
            if (topic.equals(marker)) {
                if (Arrays.equals(message.getPayload(), nonce)) end.countDown();   // another operator's marker: not ours
                return;
            }
            NodeStatus s = status(topic, message.getPayload());
            if (s != null) {
                synchronized (seen) {
                    seen.put(s.node(), s);
                }
            }
            if (!withMarker) arrivals.add(Boolean.TRUE);   // only the quiet period counts them
        };
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            c.subscribe(filter, 0).waitForCompletion(options.connectTimeout().toMillis());
            if (withMarker) {
                IMqttToken sent = Mqtt.publish(c, marker, new MqttMessage(nonce, 1, false, null));
                sent.waitForCompletion(options.connectTimeout().toMillis());
                int[] codes = sent.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) return null;
                end.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } else {
                while (arrivals.poll(PRESENCE_QUIET.toMillis(), TimeUnit.MILLISECONDS) != null && System.nanoTime() < deadline) {
                    arrivals.clear();
                }
            }
            c.unsubscribe(filter);
        } catch (MqttException e) {
            throw failure(e, "the presence of the fleet");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(CtlException.Kind.FAILED, "interrupted", e);
        } finally {
            statusSink = null;
        }
        synchronized (seen) {
            return List.copyOf(seen.values());   // sorted by id: a TreeMap
        }
    }

    /**
     * Hands every message on {@code filter} (QoS 0) to {@code sink}, on Paho's thread, until the returned handle is
     * closed; one such listener at a time. Refused when the broker's ACL does not let this operator subscribe to it.
     */
    public AutoCloseable listen(String filter, java.util.function.Consumer<byte[]> sink) throws CtlException {
        MqttAsyncClient c = connected();
        listener = sink;
        listening = filter;
        try {
            IMqttToken t = c.subscribe(filter, 0);
            t.waitForCompletion(options.connectTimeout().toMillis());
            int[] codes = t.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                listening = null;
                throw new CtlException(CtlException.Kind.FAILED, "the broker " + options.brokerUrl() + " does not let this operator subscribe to "
                        + filter + " (reason 0x" + Integer.toHexString(codes[0]) + "): its ACL may predate cairnctl logs; write the operator's rules again");
            }
        } catch (MqttException e) {
            listening = null;
            throw failure(e, filter);
        }
        return () -> {
            listening = null;
            listener = null;
            MqttAsyncClient now = client;
            if (now != null && now.isConnected()) {
                try {
                    now.unsubscribe(filter);
                } catch (MqttException ignored) {
                    // closing anyway
                }
            }
        };
    }

    /** The online nodes whose labels match every pair of {@code selector}. */
    public List<NodeStatus> select(Map<String, String> selector) throws CtlException {
        return nodes().stream().filter(n -> n.matches(selector)).toList();
    }

    private NodeStatus status(String topic, byte[] payload) {
        return NodeStatus.parse(topic, payload);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : l) if (e instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        return out;
    }

    // ---- deploy --------------------------------------------------------------------------------------

    /** {@link #deploy(String, Path, String, int, DeployListener, Duration)} with the file's own name, 128 KiB chunks, 10 s per chunk. */
    public Deployed deploy(String node, Path jar, DeployListener listener) throws CtlException {
        return deploy(node, jar, jar.getFileName().toString(), CHUNK_BYTES, listener, DEFAULT_TIMEOUT);
    }

    /**
     * Puts {@code jar} into the node's {@code deploy/} as {@code fileName}: {@code bundles.update} if a
     * bundle came from that file, else {@code bundles.install}; nothing if that file has the same SHA-256
     * already. The upload resumes from what the node already has of this SHA-256, also after a broken
     * connection (reconnecting up to 5 times).
     */
    public Deployed deploy(String node, Path jar, String fileName, int chunkBytes, DeployListener listener, Duration timeout)
            throws CtlException {
        if (!Files.isRegularFile(jar)) throw new CtlException(CtlException.Kind.USAGE, "no file " + jar);
        if (chunkBytes <= 0) throw new IllegalArgumentException("chunkBytes " + chunkBytes);
        DeployListener progress = listener == null ? DeployListener.NONE : listener;
        long size;
        String sha256;
        try {
            size = Files.size(jar);
            sha256 = sha256(jar);
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, "cannot read " + jar + ": " + e.getMessage(), e);
        }
        String op = "bundles.install";
        for (Map<String, Object> b : bundles(node, timeout)) {
            if (fileName.equals(b.get("file"))) {
                if (sha256.equalsIgnoreCase(String.valueOf(b.get("sha256")))) return new Deployed(node, fileName, "unchanged", b, 0);
                op = "bundles.update";
            }
        }
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("file", fileName);
        base.put("size", size);
        base.put("sha256", sha256);
        // the node answers the last chunk once the bundle is ACTIVE or rolled back (its deploy.timeout.ms)
        Uploaded up = upload(node, op, base, jar, chunkBytes, progress, timeout,
                r -> !(r instanceof Map<?, ?> m && m.containsKey("received") && !m.containsKey("name")));
        return new Deployed(node, fileName, op.equals("bundles.install") ? "installed" : "updated", asMap(up.result()), up.resumedFrom());
    }

    private record Uploaded(Object result, long resumedFrom) {}

    /**
     * Sends {@code file} in chunks with {@code op}: first asks how much the node has of it (a probe without
     * data), then goes on from there, also after a broken connection (reconnecting up to 5 times). Returns the
     * answer that {@code last} recognises as the end of the upload; the last chunk is given
     * {@link #LAST_CHUNK_EXTRA}, as the node answers it only once it has acted on the whole file.
     */
    private Uploaded upload(String node, String op, Map<String, Object> base, Path file, int chunkBytes, DeployListener progress,
                            Duration timeout, java.util.function.Predicate<Object> last) throws CtlException {
        long size = ((Number) base.get("size")).longValue();
        int attempt = 0;
        long resumedFrom = -1;
        try (FileChannel in = FileChannel.open(file)) {
            while (true) {
                try {
                    long received = received(result(node, op, base, timeout), node);
                    if (resumedFrom < 0) resumedFrom = received;
                    progress.progress(received, size);
                    while (true) {
                        int n = (int) Math.min(chunkBytes, size - received);
                        ByteBuffer chunk = ByteBuffer.allocate(Math.max(n, 0));
                        while (chunk.hasRemaining() && in.read(chunk, received + chunk.position()) >= 0) {
                            // read the whole chunk
                        }
                        Map<String, Object> args = new LinkedHashMap<>(base);
                        args.put("offset", received);
                        args.put("data", Base64.getEncoder().encodeToString(Arrays.copyOf(chunk.array(), chunk.position())));
                        boolean lastChunk = received + n >= size;
                        Object result = result(node, op, args, lastChunk ? timeout.plus(LAST_CHUNK_EXTRA) : timeout);
                        if (!last.test(result)) {
                            long now = received(result, node);
                            if (now <= received && n > 0)
                                throw new CtlException(CtlException.Kind.FAILED, "node " + node + " did not take the chunk at " + received);
                            received = now;
                            progress.progress(received, size);
                            continue;
                        }
                        progress.progress(size, size);
                        return new Uploaded(result, Math.max(0, resumedFrom));
                    }
                } catch (CtlException e) {
                    if (!e.isConnectionLost() || ++attempt > RECONNECT_ATTEMPTS) throw e;
                    progress.reconnecting(attempt, e.getMessage());
                    reconnect(attempt);
                }
            }
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- upgrade -------------------------------------------------------------------------------------

    /** {@code node.upgrade.status}: what the node runs, what is on trial, how its last upgrade ended. */
    public UpgradeStatus upgradeStatus(String node, Duration timeout) throws CtlException {
        return UpgradeStatus.of(result(node, "node.upgrade.status", Map.of(), timeout));
    }

    /**
     * Sends a Cairn tarball to {@code node} with {@code node.upgrade}, in chunks that resume where they stopped
     * like {@link #deploy}; the node unpacks it beside its runtime and restarts into it on trial for
     * {@code healthWindow}. Returns the node's answer to the last chunk, {@code {version, from, healthWindowMs,
     * restarting}}, given just before it restarts: {@link #awaitUpgrade} then waits for the outcome.
     */
    public Map<String, Object> sendUpgrade(String node, CairnTarball tarball, Duration healthWindow, int chunkBytes,
                                           DeployListener listener, Duration timeout) throws CtlException {
        if (chunkBytes <= 0) throw new IllegalArgumentException("chunkBytes " + chunkBytes);
        Map<String, Object> base = new LinkedHashMap<>();
        String name = tarball.file().getFileName().toString();
        base.put("file", UPLOAD_NAME.matcher(name).matches() ? name : "cairn-" + tarball.version() + ".tar.gz");
        try {
            base.put("size", Files.size(tarball.file()));
            base.put("sha256", sha256(tarball.file()));
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, "cannot read " + tarball.file() + ": " + e.getMessage(), e);
        }
        base.put("health.window.ms", healthWindow.toMillis());
        Uploaded up = upload(node, "node.upgrade", base, tarball.file(), chunkBytes, listener == null ? DeployListener.NONE : listener,
                timeout, r -> r instanceof Map<?, ?> m && m.containsKey("restarting"));
        return asMap(up.result());
    }

    /** What {@link #awaitUpgrade} sees on its way, for a caller to tell a person. */
    public interface UpgradeWatcher {
        UpgradeWatcher NONE = new UpgradeWatcher() {};

        /** The node stopped answering: it is restarting. */
        default void offline(String reason) {}

        /** The node answers again, running {@code status.version()}, on trial or not. */
        default void online(UpgradeStatus status) {}
    }

    /**
     * Waits until {@code node} reports the outcome of its upgrade to {@code version}: a last outcome other than
     * {@code previousOutcomeId}, for that version. A committed upgrade returns at once; a rolled-back one once the
     * node answers again on the version it went back to, so that the caller knows it is serving. Asks
     * {@code node.upgrade.status} every {@code poll}; a node that does not answer is restarting.
     *
     * @throws CtlException UNREACHABLE when no outcome came within {@code timeout}
     */
    public UpgradeStatus.Outcome awaitUpgrade(String node, String version, String previousOutcomeId, Duration timeout, Duration poll,
                                              UpgradeWatcher watcher) throws CtlException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean answering = true;
        UpgradeStatus.Outcome outcome = null;
        String lastSeen = "no answer yet";
        while (true) {
            long left = remainingMillis(deadline);
            try {
                UpgradeStatus s = upgradeStatus(node, Duration.ofMillis(Math.max(500, Math.min(left, POLL_CALL_TIMEOUT.toMillis()))));
                if (!answering) watcher.online(s);
                answering = true;
                lastSeen = "running " + s.version() + (s.trial() != null ? ", on trial until " + s.trial().deadline() : "");
                UpgradeStatus.Outcome o = s.lastOutcome();
                if (o != null && !Objects.equals(o.id(), previousOutcomeId) && version.equals(o.version())) outcome = o;
                if (outcome != null && (outcome.committed() || s.trial() == null && s.restartingInto() == null
                        && Objects.equals(s.version(), outcome.from()))) return outcome;
            } catch (CtlException e) {
                if (e.kind() != CtlException.Kind.UNREACHABLE) throw e;
                if (answering) watcher.offline(e.getMessage());
                answering = false;
                lastSeen = e.getMessage();
            }
            if (remainingMillis(deadline) <= 0) {
                String what = outcome == null ? "did not report the outcome of its upgrade to " + version
                        : "rolled back to " + outcome.from() + " (" + outcome.reason() + ") but has not answered on it since";
                throw new CtlException(CtlException.Kind.UNREACHABLE, "node " + node + " " + what + " within " + seconds(timeout)
                        + "; last seen: " + lastSeen);
            }
            try {
                Thread.sleep(Math.min(poll.toMillis(), Math.max(1, remainingMillis(deadline))));   // polling a remote node; not a test
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new CtlException(CtlException.Kind.FAILED, "interrupted", ie);
            }
        }
    }

    /** {@code bundles.list} of a node. */
    public List<Map<String, Object>> bundles(String node, Duration timeout) throws CtlException {
        return maps(result(node, "bundles.list", Map.of(), timeout));
    }

    private static long received(Object result, String node) throws CtlException {
        if (result instanceof Map<?, ?> m && m.get("received") instanceof Number n) return n.longValue();
        throw new CtlException(CtlException.Kind.FAILED, "node " + node + " answered the upload without 'received': " + result);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("result", String.valueOf(o));
    }

    /** The hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- connection ----------------------------------------------------------------------------------

    /** A new connection after a broken one (a fresh Paho client each time, as Paho cannot be trusted to resume). */
    public void reconnect() throws CtlException {
        reconnect(1);
    }

    private void reconnect(int attempt) throws CtlException {
        closeQuietly(client);
        CtlException last = null;
        for (int i = 0; i < RECONNECT_ATTEMPTS; i++) {
            try {
                client = open();
                return;
            } catch (CtlException e) {
                last = e;
                try {
                    Thread.sleep(Math.min(2000, 100L << Math.min(i + attempt, 5)));   // back off; not a test
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    private MqttAsyncClient connected() throws CtlException {
        MqttAsyncClient c = client;
        if (c == null) throw new IllegalStateException("closed");
        if (!c.isConnected()) {
            reconnect();
            c = client;
        }
        return c;
    }

    private MqttAsyncClient open() throws CtlException {
        MqttAsyncClient c = Mqtt.open(options.login(), clientId, Callback::new);
        try {
            c.subscribe(replyTopic, 1).waitForCompletion(options.connectTimeout().toMillis());
            String again = listening;
            if (again != null) c.subscribe(again, 0).waitForCompletion(options.connectTimeout().toMillis());
            return c;
        } catch (MqttException e) {
            Mqtt.closeQuietly(c);
            throw Mqtt.connectFailure(e, options.brokerUrl());
        }
    }

    private CtlException failure(MqttException e, String what) {
        return CtlException.connectionLost("connection to the broker " + options.brokerUrl() + " lost while talking to " + what
                + " (" + e.getMessage() + ")", e);
    }

    private IMqttToken publish(MqttAsyncClient c, String topic, MqttMessage m) throws CtlException {
        try {
            return Mqtt.publish(c, topic, m);
        } catch (MqttException e) {
            throw failure(e, topic);
        }
    }

    @Override
    public void close() {
        MqttAsyncClient c = client;
        client = null;
        closeQuietly(c);
    }

    private static void closeQuietly(MqttAsyncClient c) {
        Mqtt.closeQuietly(c);
    }

    private static long remainingMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Paho's callback: replies complete their waiters; statuses go to the presence collector; never throws. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                if (topic.equals(replyTopic)) {
                    MqttProperties p = message.getProperties();
                    byte[] correlation = p == null ? null : p.getCorrelationData();
                    if (correlation == null) return;
                    String id = new String(correlation, StandardCharsets.UTF_8);
                    String busError = null;
                    if (p.getUserProperties() != null) {
                        for (UserProperty u : p.getUserProperties()) if (BUS_ERROR_PROPERTY.equals(u.getKey())) busError = u.getValue();
                    }
                    CompletableFuture<RawReply> f = pending.get(id);
                    if (f != null) f.complete(new RawReply(id, message.getPayload(), busError));
                } else if (listening != null && listener != null && org.eclipse.paho.mqttv5.common.util.MqttTopicValidator.isMatched(listening, topic)) {
                    listener.accept(message.getPayload());
                } else {
                    BiConsumer<String, MqttMessage> sink = statusSink;
                    if (sink != null) sink.accept(topic, message);
                }
            } catch (RuntimeException e) {
                // a broken message must not kill Paho's thread; the waiter times out
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner != client) return;
            String why = response.getReasonString() != null ? response.getReasonString()
                    : response.getException() != null ? response.getException().getMessage() : "disconnected";
            CtlException lost = CtlException.connectionLost("connection to the broker " + options.brokerUrl() + " lost (" + why + ")",
                    response.getException());
            pending.values().forEach(f -> f.completeExceptionally(lost));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // reported through the tokens of the calls concerned
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

    @Override
    public String toString() {
        return "ManagementClient[" + clientId + " " + Objects.toString(options) + "]";
    }
}
