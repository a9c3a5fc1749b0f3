package dev.cairn.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bus.BusAccess;
import dev.cairn.bus.LocalBus;
import dev.cairn.bus.access.FleetAcl;
import dev.cairn.bus.access.Grants;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscriber;
import dev.cairn.mqtt.AcrossNodesBench.Answer;
import dev.cairn.mqtt.AcrossNodesBench.Arrivals;
import dev.cairn.mqtt.AcrossNodesBench.Cpu;
import dev.cairn.mqtt.AcrossNodesBench.Lat;
import dev.cairn.mqtt.AcrossNodesBench.Query;
import dev.cairn.mqtt.AcrossNodesBench.Reading;
import dev.cairn.mqtt.AcrossNodesBench.Tally;
import dev.cairn.mqtt.AcrossNodesBench.Thru;
import dev.cairn.mqtt.sockets.NoDelaySocketFactory;
import dev.cairn.mqtt.sockets.NoDelaySslSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * What authentication and TLS cost across nodes (BENCHMARKS.md, "Securing a fleet"): Cairn's two-node figures
 * of {@link AcrossNodesBench} — QoS 1 event throughput A → B with a non-blocking and with the default subscriber,
 * request/reply p50 and p99 with a non-blocking and with the default handler — measured in one run against three
 * Mosquitto brokers side by side, interleaved within every round so that each ratio is taken within a round:
 *
 * <ol>
 *   <li><b>open</b>: the broker of {@link AcrossNodesBench}, anonymous clients allowed, no ACLs.</li>
 *   <li><b>auth</b>: {@code allow_anonymous false} and Mosquitto's dynamic-security plugin; each node is a dynsec
 *       client (user name = node id, a password) with a role of its own whose ACLs are the node's
 *       {@link FleetAcl#node} rules for its {@link Grants} (A: publish and call the bench topics; B: subscribe to
 *       and serve them), written as cairnctl writes them (see {@link #acls}). Mosquitto checks them on every
 *       PUBLISH it receives and every message it delivers.</li>
 *   <li><b>auth + TLS</b>: the same, on a TLS listener (a test CA made at run start with openssl, no client
 *       certificates); the nodes connect to {@code ssl://127.0.0.1:<port>} with {@code tls.truststore.path}.</li>
 * </ol>
 * Six transports in one JVM (A and B per broker), each bound to its own {@link LocalBus} as SCR binds it. Within a
 * round each measure runs on the three brokers one after the other, the order turning from round to round, and so
 * does the order of the two kinds of subscriber and handler. The report gives every round's absolute figures and
 * the ratios auth/open and tls/open, their medians and quartiles over the rounds, and Mosquitto's CPU per message
 * for each broker (from {@code /proc/<pid>/stat}). Nothing is asserted.
 *
 * <p>Run (6–7 minutes with the defaults on 2 shared cores):
 * <pre>
 *   mvn -B -q -pl bench/mqtt -am package -DskipTests
 *   java -Xms256m -Xmx256m -jar bench/mqtt/target/bench-mqtt.jar --security
 * </pre>
 * System properties as {@link AcrossNodesBench}: {@code bench.rounds} (9), {@code bench.events} (40000),
 * {@code bench.requests} (2000), {@code bench.warmup.requests} (6000), {@code bench.limit.s} (here 720),
 * {@code bench.dir}.
 */
public final class SecurityBench {
    static final String DYNSEC = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";
    static final String CONTROL = "$CONTROL/dynamic-security/v1";
    static final String PREFIX = "cairn";

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 9);
    private static final int EVENTS = Integer.getInteger("bench.events", 40_000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2_000);
    private static final int WARMUP_REQUESTS = Integer.getInteger("bench.warmup.requests", 6_000);
    private static final int LIMIT_S = Integer.getInteger("bench.limit.s", 720);

    /** The bench's bus topics, by what each node does with them. */
    static final List<String> EVENT_TOPICS = List.of(AcrossNodesBench.EVENT_TOPIC, AcrossNodesBench.QUICK_EVENTS);
    static final List<String> REQUEST_TOPICS = List.of(AcrossNodesBench.REQUEST_TOPIC, AcrossNodesBench.QUICK_TOPIC);
    static final Grants GRANTS_A = Grants.of(Map.of(Grants.Action.PUBLISH, EVENT_TOPICS, Grants.Action.CALL, REQUEST_TOPICS));
    static final Grants GRANTS_B = Grants.of(Map.of(Grants.Action.SUBSCRIBE, EVENT_TOPICS, Grants.Action.SERVE, REQUEST_TOPICS));

    enum Kind {
        OPEN("open"), AUTH("auth"), TLS("tls");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One broker and its two nodes. */
    final class Side {
        final Kind kind;
        Mosquitto broker;
        long pid;
        LocalBus busA;
        LocalBus busB;
        MqttTransport a;
        MqttTransport b;
        double connectMillis;
        final Map<String, String> passwords = new HashMap<>();
        final AtomicReference<Arrivals> arrivals = new AtomicReference<>();
        final AtomicLong stray = new AtomicLong();
        final Tally thruCpu;
        final Tally quickThruCpu;
        final Tally latCpu;
        final Tally quickLatCpu;
        /** Retained presence seen by a watcher on this broker: topic → payload. */
        final Map<String, String> presence = new ConcurrentHashMap<>();

        Side(Kind kind) {
            this.kind = kind;
            thruCpu = new Tally(kind.label + " events");
            quickThruCpu = new Tally(kind.label + " events, nb");
            latCpu = new Tally(kind.label + " requests");
            quickLatCpu = new Tally(kind.label + " requests, nb");
        }

        String id(String node) {
            return kind.label + "-" + node;
        }
    }

    private final Path dir;
    private final List<Runnable> closers = new ArrayList<>();
    private final List<Mosquitto> brokers = new ArrayList<>();
    private final Side open = new Side(Kind.OPEN);
    private final Side auth = new Side(Kind.AUTH);
    private final Side tls = new Side(Kind.TLS);
    private final List<Side> sides = List.of(open, auth, tls);
    private final ObjectMapper mapper = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String adminPassword = secret();
    private Certificates certs;
    private SSLContext trust;

    private SecurityBench(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
        long started = System.nanoTime();
        AcrossNodesBench.watchdog(LIMIT_S);
        String given = System.getProperty("bench.dir");
        Path dir = given == null ? Files.createTempDirectory("cairn-bench-security-") : Files.createDirectories(Path.of(given));
        SecurityBench bench = new SecurityBench(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> bench.closeAll(given == null), "bench cleanup"));
        int status = 0;
        try {
            bench.run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        } finally {
            System.out.printf(Locale.ROOT, "%nwhole run %.0f s%n", (System.nanoTime() - started) / 1e9);
        }
        System.exit(status);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "%s, %d cores, JDK %s, Mosquitto %s%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), mosquittoVersion());
        startBrokers();
        for (Side s : sides) startNodes(s);
        for (Side s : sides) {
            System.out.printf(Locale.ROOT, "%-4s %s (pid %d): both nodes connected, subscribed and serving %.0f ms after the transports started%n",
                    s.kind.label, s.broker.url(), s.pid, s.connectMillis);
        }
        presence();
        System.out.printf(Locale.ROOT, "%d rounds of %d events and %d requests per broker and setup%n", ROUNDS, EVENTS, REQUESTS);

        System.out.println("warm-up (untimed)");
        for (int i = 0; i < 3; i++) {
            for (Side s : sides) {
                throughput(s, AcrossNodesBench.EVENT_TOPIC, 20_000);
                throughput(s, AcrossNodesBench.QUICK_EVENTS, 20_000);
                latency(s, AcrossNodesBench.REQUEST_TOPIC, WARMUP_REQUESTS);
                latency(s, AcrossNodesBench.QUICK_TOPIC, WARMUP_REQUESTS);
            }
        }

        List<Round> rounds = new ArrayList<>();
        for (int r = 1; r <= ROUNDS; r++) {
            Round round = new Round(r, sides.get((r - 1) % 3).kind.label);
            for (int k = 0; k < 2; k++) {   // which kind of subscriber goes first turns from round to round
                boolean quick = (k + r) % 2 == 0;
                for (int j = 0; j < 3; j++) {   // so does which broker goes first
                    Side s = sides.get((j + r - 1) % 3);
                    Tally t = quick ? s.quickThruCpu : s.thruCpu;
                    Thru thru = measured(s, t, EVENTS, () -> throughput(s, quick ? AcrossNodesBench.QUICK_EVENTS : AcrossNodesBench.EVENT_TOPIC, EVENTS));
                    (quick ? round.quickThru : round.thru).put(s.kind, thru);
                }
            }
            for (int k = 0; k < 2; k++) {
                boolean quick = (k + r) % 2 == 0;
                for (int j = 0; j < 3; j++) {
                    Side s = sides.get((j + r - 1) % 3);
                    Tally t = quick ? s.quickLatCpu : s.latCpu;
                    Lat lat = measured(s, t, REQUESTS, () -> latency(s, quick ? AcrossNodesBench.QUICK_TOPIC : AcrossNodesBench.REQUEST_TOPIC, REQUESTS));
                    (quick ? round.quickLat : round.lat).put(s.kind, lat);
                }
            }
            rounds.add(round);
            System.out.println(round);
        }
        report(rounds);
    }

    // ---- brokers

    private void startBrokers() throws Exception {
        certs = Certificates.create(dir.resolve("certs"), "bench");
        trust = trustContext(certs.trustStore());
        open.broker = broker(dir.resolve("open"));
        auth.broker = broker(dir.resolve("auth"), dynsecConfig(dir.resolve("auth")).toArray(new String[0]));
        List<String> tlsConf = new ArrayList<>(dynsecConfig(dir.resolve("tls")));
        // the listener of Certificates.brokerConfig() without its require_certificate: passwords, not client certificates
        certs.brokerConfig().stream().filter(l -> !l.startsWith("require_certificate")).forEach(tlsConf::add);
        tls.broker = broker(dir.resolve("tls"), tlsConf.toArray(new String[0]));
        for (Side s : sides) s.pid = pidOf(s.broker, dir.resolve(s.kind.label));
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", tls.broker.port())) {
            socket.startHandshake();
            System.out.printf(Locale.ROOT, "TLS listener: %s, %s (P-256 EC certificate of a test CA made now; no client certificate)%n",
                    socket.getSession().getProtocol(), socket.getSession().getCipherSuite());
        }
        for (Side s : List.of(auth, tls)) provision(s);
    }

    private Mosquitto broker(Path brokerDir, String... extra) throws IOException {
        Mosquitto m = Mosquitto.start(brokerDir, extra);
        brokers.add(m);
        return m;
    }

    /** A dynamic-security file made by {@code mosquitto_ctrl dynsec init} (an admin client and role only) and the plugin's lines. */
    private List<String> dynsecConfig(Path brokerDir) throws IOException, InterruptedException {
        Files.createDirectories(brokerDir);
        Path file = brokerDir.resolve("dynamic-security.json");
        Process p = new ProcessBuilder("mosquitto_ctrl", "dynsec", "init", file.toString(), "admin", adminPassword)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("mosquitto_ctrl dynsec init failed: " + out);
        return List.of("allow_anonymous false", "plugin " + DYNSEC, "plugin_opt_config_file " + file);
    }

    /** Each node a dynsec client of its own role, over {@value #CONTROL} as the admin. */
    private void provision(Side s) throws Exception {
        List<Map<String, Object>> commands = new ArrayList<>();
        Map<String, List<Map<String, Object>>> acls = new LinkedHashMap<>();
        for (String node : List.of("a", "b")) {
            String id = s.id(node);
            String pw = secret();
            s.passwords.put(id, pw);
            List<Map<String, Object>> roleAcls = acls(FleetAcl.node(PREFIX, id, node.equals("a") ? GRANTS_A : GRANTS_B).rules());
            acls.put(id, roleAcls);
            commands.add(command("createRole", "rolename", id));
            for (Map<String, Object> acl : roleAcls) {
                Map<String, Object> c = command("addRoleACL", "rolename", id);
                c.putAll(acl);
                commands.add(c);
            }
            Map<String, Object> client = command("createClient", "username", id);
            client.put("password", pw);
            client.put("roles", List.of(Map.of("rolename", id, "priority", 1)));
            commands.add(client);
        }
        try (Admin admin = new Admin(s)) {
            List<Map<String, Object>> responses = admin.send(commands);
            int failed = 0;
            for (int i = 0; i < commands.size(); i++) {
                Object error = i < responses.size() ? responses.get(i).get("error") : "no answer";
                if (error != null) {
                    failed++;
                    System.err.println(s.kind.label + ": " + commands.get(i) + " -> " + error);
                }
            }
            if (failed > 0) throw new IllegalStateException(failed + " dynamic-security commands failed on " + s.kind.label);
            Map<String, Object> role = admin.send(List.of(command("getRole", "rolename", s.id("b")))).get(0);
            if (s == auth) {
                System.out.printf(Locale.ROOT, "dynsec: %d commands accepted by %s; roles (priority: acltype topic allow):%n", commands.size(), s.kind.label);
                acls.forEach((id, list) -> {
                    System.out.println("  " + id + ":");
                    list.forEach(a -> System.out.printf(Locale.ROOT, "    %3s: %-20s %-40s %s%n", a.get("priority"), a.get("acltype"), a.get("topic"), a.get("allow")));
                });
                System.out.println("  getRole " + s.id("b") + " answers: " + role.get("data"));
            }
        }
    }

    /**
     * {@link FleetAcl} rules as a dynsec role's ACLs, as cairnctl's {@code DynsecAcls} writes them: the first rule gets
     * the highest priority (Mosquitto tries higher priorities first and the first matching ACL decides, as FleetAcl's
     * first covering rule); PUBLISH F → {@code publishClientSend F}; SUBSCRIBE F → {@code subscribePattern F},
     * {@code subscribePattern $share/+/F} (Mosquitto 2.0.11 judges a shared subscription by its whole filter, group
     * included: F alone refuses {@code $share/cairn/cairn/svc/...} with 0x87) and {@code publishClientReceive F} (so
     * that a wide subscribe grant receives nothing an earlier rule denies). A rule repeating an earlier one's access
     * and filter is left out (Mosquitto refuses a second ACL of the same type and topic).
     */
    static List<Map<String, Object>> acls(List<FleetAcl.Rule> rules) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> decided = new HashSet<>();
        int priority = rules.size();
        for (FleetAcl.Rule r : rules) {
            int p = priority--;
            if (!decided.add(r.access() + " " + r.filter())) continue;
            if (r.access() == FleetAcl.Access.PUBLISH) {
                out.add(acl("publishClientSend", r.filter(), p, r.allow()));
            } else {
                out.add(acl("subscribePattern", r.filter(), p, r.allow()));
                out.add(acl("subscribePattern", "$share/+/" + r.filter(), p, r.allow()));
                out.add(acl("publishClientReceive", r.filter(), p, r.allow()));
            }
        }
        return out;
    }

    private static Map<String, Object> acl(String type, String topic, int priority, boolean allow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acltype", type);
        m.put("topic", topic);
        m.put("priority", priority);
        m.put("allow", allow);
        return m;
    }

    private static Map<String, Object> command(String name, String key, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", name);
        m.put(key, value);
        return m;
    }

    /**
     * A bare Paho client on a side's broker: the dynsec admin where there is one (its role may subscribe to and receive
     * everything), anonymous on the open broker. Sends dynsec commands and watches retained presence.
     */
    final class Admin implements AutoCloseable {
        final MqttAsyncClient client;
        final Side side;
        private volatile CompletableFuture<byte[]> answer;

        Admin(Side s) throws MqttException {
            this.side = s;
            client = new MqttAsyncClient(s.broker.url(), "bench-admin-" + HexFormat.of().formatHex(bytes(4)), new MemoryPersistence());
            client.setCallback(new Callback() {
                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    if (topic.equals(CONTROL + "/response")) {
                        CompletableFuture<byte[]> f = answer;
                        if (f != null) f.complete(m.getPayload());
                    } else if (m.isRetained()) {
                        side.presence.put(topic, new String(m.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setAutomaticReconnect(false);
            if (s.kind != Kind.OPEN) {
                o.setUserName("admin");
                o.setPassword(adminPassword.getBytes(StandardCharsets.UTF_8));
            }
            o.setSocketFactory(s.kind == Kind.TLS ? new NoDelaySslSocketFactory(trust.getSocketFactory()) : new NoDelaySocketFactory());
            client.connect(o).waitForCompletion(10_000);
        }

        List<Map<String, Object>> send(List<Map<String, Object>> commands) throws Exception {
            if (answer == null) subscribe(CONTROL + "/response");
            answer = new CompletableFuture<>();
            MqttMessage m = new MqttMessage(mapper.writeValueAsBytes(Map.of("commands", commands)));
            m.setQos(1);
            client.publish(CONTROL, m).waitForCompletion(10_000);
            byte[] body = answer.get(10, TimeUnit.SECONDS);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> responses = (List<Map<String, Object>>) mapper.readValue(body, Map.class).get("responses");
            return responses;
        }

        int subscribe(String filter) throws MqttException {
            IMqttToken t = client.subscribe(filter, 1);
            t.waitForCompletion(10_000);
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        }

        @Override
        public void close() {
            try {
                client.disconnect(1_000).waitForCompletion(2_000);
            } catch (MqttException | RuntimeException e) {
                // going anyway
            }
            try {
                client.close(true);
            } catch (MqttException | RuntimeException e) {
                // going anyway
            }
        }
    }

    /** Each node's retained birth, as a client that may read it sees it: was it refused on the secured brokers? */
    private void presence() throws Exception {
        for (Side s : sides) {
            try (Admin watcher = new Admin(s)) {
                int code = watcher.subscribe(PREFIX + "/node/+/status");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (s.presence.size() < 2 && System.nanoTime() < deadline) LockSupport.parkNanos(5_000_000);
                System.out.printf(Locale.ROOT, "%-4s retained presence (SUBACK 0x%02x): %d of 2 births %s%n", s.kind.label, code, s.presence.size(),
                        s.presence.keySet().stream().sorted().toList());
            }
        }
    }

    // ---- nodes

    private void startNodes(Side s) throws IOException {
        long t0 = System.nanoTime();
        s.a = node(s, s.id("a"));
        s.b = node(s, s.id("b"));
        s.busA = new LocalBus();
        s.busB = new LocalBus();
        BusAccess.bind(s.busA, s.a);
        BusAccess.bind(s.busB, s.b);
        closers.add(() -> {
            BusAccess.unbind(s.busA, s.a);
            s.a.stop();
        });
        closers.add(() -> {
            BusAccess.unbind(s.busB, s.b);
            s.b.stop();
        });
        Subscriber<Reading> arrivals = (topic, r) -> {
            Arrivals a = s.arrivals.get();
            if (a == null) s.stray.incrementAndGet();
            else a.arrived(r.seq());
        };
        s.busB.subscribe(AcrossNodesBench.EVENT_TOPIC, Reading.class, arrivals);
        s.busB.subscribe(AcrossNodesBench.QUICK_EVENTS, Reading.class, arrivals, SubscribeOptions.NON_BLOCKING);
        s.busB.handle(AcrossNodesBench.REQUEST_TOPIC, Query.class, AcrossNodesBench::authorize);
        s.busB.handle(AcrossNodesBench.QUICK_TOPIC, Query.class, AcrossNodesBench::authorize, Handling.NON_BLOCKING);
        AcrossNodesBench.await(() -> s.kind.label + " nodes connected (A: " + s.a.counters().problem() + ", B: " + s.b.counters().problem() + ")",
                () -> s.a.counters().connected() && s.b.counters().connected());
        AcrossNodesBench.await(() -> s.kind.label + " node B listening and serving (refused: " + s.b.counters().lastNotAuthorized + ")",
                () -> s.b.listeningAtBroker(AcrossNodesBench.EVENT_TOPIC) && s.b.listeningAtBroker(AcrossNodesBench.QUICK_EVENTS)
                        && s.b.servedAtBroker(AcrossNodesBench.REQUEST_TOPIC) && s.b.servedAtBroker(AcrossNodesBench.QUICK_TOPIC));
        s.connectMillis = (System.nanoTime() - t0) / 1e6;
    }

    private MqttTransport node(Side s, String id) throws IOException {
        Map<String, Object> config = new HashMap<>();
        config.put("broker.urls", s.broker.url());
        if (s.kind != Kind.OPEN) {
            config.put("username", id);
            config.put(".password", s.passwords.get(id));
        }
        if (s.kind == Kind.TLS) {
            config.put("tls.truststore.path", certs.trustStore().toString());
            config.put(".tls.truststore.password", Certificates.PASSWORD);
        }
        return new MqttTransport(Configs.mqtt(config), new NodeIdentity(id, "bench", Map.of()), dir.resolve(s.kind.label).resolve("outbox-" + id), Bundles.none());
    }

    // ---- the measures (as AcrossNodesBench's Cairn setups)

    private Thru throughput(Side s, String topic, int n) throws InterruptedException {
        Arrivals a = new Arrivals(n);
        s.arrivals.set(a);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) s.busA.publish(topic, AcrossNodesBench.reading(i));
        long published = System.nanoTime();
        boolean complete = a.await();
        AcrossNodesBench.await(s.kind.label + " node A's outbox acknowledged", () -> s.a.counters().queueDepth() == 0);
        s.arrivals.set(null);
        if (!complete) System.err.println(s.kind.label + ": A " + s.a.counters() + "; B " + s.b.counters());
        return a.result(t0, published, complete);
    }

    private Lat latency(Side s, String topic, int n) throws Exception {
        long[] nanos = new long[n];
        Duration timeout = Duration.ofSeconds(5);
        for (int i = 0; i < n; i++) {
            Query q = AcrossNodesBench.query(i);
            long t0 = System.nanoTime();
            Answer a = s.busA.request(topic, q, Answer.class, timeout).toCompletableFuture().get(10, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - t0;
            if (!a.orderId().equals(q.orderId())) throw new IllegalStateException("wrong reply " + a + " to " + q);
        }
        return Lat.of(nanos);
    }

    private static <T> T measured(Side s, Tally tally, int messages, Callable<T> body) throws Exception {
        Cpu before = Cpu.now(s.pid);
        T result = body.call();
        tally.add(before, Cpu.now(s.pid), messages);
        return result;
    }

    // ---- report

    static final class Round {
        final int number;
        final String first;
        final Map<Kind, Thru> thru = new HashMap<>();
        final Map<Kind, Thru> quickThru = new HashMap<>();
        final Map<Kind, Lat> lat = new HashMap<>();
        final Map<Kind, Lat> quickLat = new HashMap<>();

        Round(int number, String first) {
            this.number = number;
            this.first = first;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "round %d (%s first):", number, first));
            for (Measure m : MEASURES) {
                b.append(String.format(Locale.ROOT, " | %s %.0f / %.0f / %.0f (%.2f, %.2f)", m.name, m.value.applyAsDouble(this, Kind.OPEN),
                        m.value.applyAsDouble(this, Kind.AUTH), m.value.applyAsDouble(this, Kind.TLS), m.ratio(this, Kind.AUTH), m.ratio(this, Kind.TLS)));
            }
            return b.toString();
        }
    }

    interface Value {
        double applyAsDouble(Round r, Kind k);
    }

    /** One figure of a round, per broker; its ratio to the open broker's within the round. */
    record Measure(String name, String unit, Value value) {
        double ratio(Round r, Kind k) {
            return value.applyAsDouble(r, k) / value.applyAsDouble(r, Kind.OPEN);
        }
    }

    static final List<Measure> MEASURES = List.of(
            new Measure("events/s nb", "msg/s", (r, k) -> r.quickThru.get(k).perSecond()),
            new Measure("events/s default", "msg/s", (r, k) -> r.thru.get(k).perSecond()),
            new Measure("p50 nb", "µs", (r, k) -> r.quickLat.get(k).p50()),
            new Measure("p99 nb", "µs", (r, k) -> r.quickLat.get(k).p99()),
            new Measure("p50 default", "µs", (r, k) -> r.lat.get(k).p50()),
            new Measure("p99 default", "µs", (r, k) -> r.lat.get(k).p99()));

    private void report(List<Round> rounds) {
        System.out.println();
        System.out.println("Per round: open / auth / tls, and the ratios auth/open, tls/open (events: higher is better; latency µs: lower):");
        StringBuilder head = new StringBuilder("| round | first |");
        StringBuilder rule = new StringBuilder("|--:|---|");
        for (Measure m : MEASURES) {
            head.append(" ").append(m.name).append(" open / auth / tls | auth/open | tls/open |");
            rule.append("--:|--:|--:|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (Round r : rounds) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %d | %s |", r.number, r.first));
            for (Measure m : MEASURES) {
                line.append(String.format(Locale.ROOT, " %.0f / %.0f / %.0f | %.2f | %.2f |", m.value.applyAsDouble(r, Kind.OPEN),
                        m.value.applyAsDouble(r, Kind.AUTH), m.value.applyAsDouble(r, Kind.TLS), m.ratio(r, Kind.AUTH), m.ratio(r, Kind.TLS)));
            }
            System.out.println(line);
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "Ratios to the open broker within each round, median of %d rounds (quartiles; min-max):%n", rounds.size());
        System.out.println("| measure | auth / open | tls / open |");
        System.out.println("|---|--:|--:|");
        for (Measure m : MEASURES) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", m.name, quartiles(rounds, r -> m.ratio(r, Kind.AUTH), "%.2f"),
                    quartiles(rounds, r -> m.ratio(r, Kind.TLS), "%.2f"));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Absolute, median of %d rounds (min-max):%n", rounds.size());
        System.out.println("| measure | open | auth | auth + TLS |");
        System.out.println("|---|--:|--:|--:|");
        for (Measure m : MEASURES) {
            System.out.printf(Locale.ROOT, "| %s (%s) | %s | %s | %s |%n", m.name, m.unit, span(rounds, r -> m.value.applyAsDouble(r, Kind.OPEN)),
                    span(rounds, r -> m.value.applyAsDouble(r, Kind.AUTH)), span(rounds, r -> m.value.applyAsDouble(r, Kind.TLS)));
        }
        System.out.println();
        System.out.println("CPU per event / per request over the measured rounds (µs; JVM = the whole process, all six nodes; Mosquitto = that broker's process, /proc, 10 ms ticks):");
        System.out.println("| setup | open JVM | open Mosquitto | auth JVM | auth Mosquitto | tls JVM | tls Mosquitto | Mosquitto auth/open | tls/open |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        String[] names = {"events, non-blocking subscriber", "events, default subscriber", "requests, non-blocking handler", "requests, default handler"};
        for (int i = 0; i < 4; i++) {
            Tally o = tallies(open).get(i);
            Tally a = tallies(auth).get(i);
            Tally t = tallies(tls).get(i);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |%n", names[i],
                    jvm(o), broker(o), jvm(a), broker(a), jvm(t), broker(t), broker(a) / broker(o), broker(t) / broker(o));
        }
        System.out.println();
        for (Side s : sides) {
            System.out.printf(Locale.ROOT, "%-4s A: %s; refused: %s%n     B: %s; refused: %s; strays %d%n", s.kind.label,
                    s.a.counters(), s.a.counters().lastNotAuthorized, s.b.counters(), s.b.counters().lastNotAuthorized, s.stray.get());
        }
        System.out.println();
        for (Side s : sides) for (Tally t : tallies(s)) System.out.println(t);
    }

    private static List<Tally> tallies(Side s) {
        return List.of(s.quickThruCpu, s.thruCpu, s.quickLatCpu, s.latCpu);
    }

    private static double jvm(Tally t) {
        return t.process / 1e3 / t.messages;
    }

    private static double broker(Tally t) {
        return t.broker / 1e3 / t.messages;
    }

    private static double[] sorted(List<Round> rounds, ToDoubleFunction<Round> f) {
        return rounds.stream().mapToDouble(f).sorted().toArray();
    }

    /** Median (quartiles; min–max): quartiles by linear interpolation between order statistics. */
    private static String quartiles(List<Round> rounds, ToDoubleFunction<Round> f, String format) {
        double[] v = sorted(rounds, f);
        return String.format(Locale.ROOT, "**" + format + "** (" + format + "–" + format + "; " + format + "–" + format + ")",
                quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), v[0], v[v.length - 1]);
    }

    private static String span(List<Round> rounds, ToDoubleFunction<Round> f) {
        double[] v = sorted(rounds, f);
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", quantile(v, 0.5), v[0], v[v.length - 1]);
    }

    static double quantile(double[] sorted, double p) {
        double at = p * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    // ---- helpers

    private static String mosquittoVersion() {
        try {
            Process p = new ProcessBuilder(Mosquitto.BINARY.toString(), "-h").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("?").replace("mosquitto version ", "");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    /** The broker process started for {@code brokerDir} (its command line names its configuration file). */
    private static long pidOf(Mosquitto m, Path brokerDir) {
        String conf = brokerDir.resolve("mosquitto.conf").toString();
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(conf)).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    private static SSLContext trustContext(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, Certificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    private String secret() {
        return HexFormat.of().formatHex(bytes(16));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private synchronized void closeAll(boolean deleteDir) {
        for (Runnable c : closers) {
            try {
                c.run();
            } catch (RuntimeException e) {
                System.err.println("while stopping: " + e);
            }
        }
        closers.clear();
        for (Mosquitto m : brokers) m.close();   // SIGKILL, waited for
        brokers.clear();
        if (deleteDir) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }
    }

    /** A Paho callback that only takes messages. */
    abstract static class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            System.err.println("admin client: " + e);
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
