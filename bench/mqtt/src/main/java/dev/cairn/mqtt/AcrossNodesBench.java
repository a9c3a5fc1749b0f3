package dev.cairn.mqtt;

import dev.cairn.mqtt.sockets.NoDelaySocketFactory;
import dev.cairn.bus.BusAccess;
import dev.cairn.bus.LocalBus;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscriber;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The bus across two nodes over MQTT beside raw Paho on the same Mosquitto, measured side by side in one
 * run (BENCHMARKS.md, "Across nodes over MQTT"). Each node is what SCR builds in a real node: a
 * {@link LocalBus} with an {@link MqttTransport} bound (production defaults but the broker URL), here two
 * of them in one JVM, as in the transport's own tests. The raw side is bare {@link MqttAsyncClient}s
 * (MQTT 5, TCP_NODELAY, in-memory persistence) on the same broker, sending the very JSON bytes Cairn sends.
 *
 * <ol>
 *   <li>Event throughput, QoS 1: N events from node A's {@code bus.publish} to a subscriber on node B's
 *       bus; raw: a publisher with Cairn's in-flight window (half the broker's receive maximum, at most 64)
 *       to a subscriber client. Messages per second at the receiver, first to last arrival.</li>
 *   <li>Request/reply latency: sequential requests from A to a handler on B (shared subscription, response
 *       topic, correlation data, QoS 1 both ways); raw: the same exchange by hand, answered on Paho's
 *       callback thread. p50 and p99. Cairn twice: with a default handler (it runs on a request thread, so
 *       it may block) and with the same handler declared {@link Handling#NON_BLOCKING} (it runs on Paho's
 *       callback thread, as the raw server answers). A fourth, diagnostic setup is raw Paho doing what
 *       Cairn's transport did around a request: JSON both ways, the handler on a pool thread, the reply
 *       completed on another.</li>
 *   <li>The same request served in one JVM by one {@link LocalBus}.</li>
 * </ol>
 * Setups alternate within every round (which one goes first turns from round to round); the report gives
 * the median of the rounds and the ratio within each round, the CPU each setup used per message (thread
 * CPU, the process, Mosquitto) and the bytes its threads allocated, and the cost of the pieces Cairn adds,
 * timed one at a time. Nothing here asserts a time.
 *
 * <p>It lives in package {@code dev.cairn.mqtt} (a split package, fine on a plain class path) because the
 * transport's configuration, node identity and test helpers ({@code Configs}, {@code Mosquitto}, from the
 * mqtt test-jar) are package-private; {@code dev.cairn.bus.BusAccess} (also from the test-jar) binds the
 * transport as SCR would. No production code is changed for it.
 *
 * <p>Build and run (about 80 s; starts Mosquitto from /usr/sbin/mosquitto on a free 127.0.0.1 port and
 * kills it at the end):
 * <pre>
 *   mvn -B -q -pl bench/mqtt -am package -DskipTests
 *   java -Xms256m -Xmx256m -jar bench/mqtt/target/bench-mqtt.jar
 *   java -Xms256m -Xmx256m -jar bench/mqtt/target/bench-mqtt.jar --security   # {@link SecurityBench}: open, auth, auth + TLS
 * </pre>
 * System properties: {@code bench.rounds} (9), {@code bench.events} (40000 per round and setup),
 * {@code bench.requests} (2000), {@code bench.warmup.requests} (6000, three times), {@code bench.local}
 * (200000 in-JVM requests per round), {@code bench.limit.s} (240: the run is ended after this, Mosquitto
 * killed), {@code bench.trace} (false: true turns tracing on on both nodes, every call recorded), {@code bench.dir} (default: a new temporary folder for the outboxes and Mosquitto's files,
 * deleted at the end).
 */
public final class AcrossNodesBench {
    /** The event: a small record, about 100 bytes as JSON. */
    public record Reading(String sensor, String zone, String unit, double value, long seq, long ts) {
    }

    public record Query(String orderId, long cents, String currency, String customer) {
    }

    public record Answer(String orderId, boolean approved, String by) {
    }

    static final String EVENT_TOPIC = "bench/events";
    /** The same events to a subscriber declared {@link SubscribeOptions#NON_BLOCKING}: called on B's receiving thread. */
    static final String QUICK_EVENTS = "bench/events-now";
    static final String REQUEST_TOPIC = "bench/authorize";
    /** The same handler, declared {@link Handling#NON_BLOCKING}: served on B's receiving thread. */
    static final String QUICK_TOPIC = "bench/authorize-now";
    static final String RAW_EVENTS = "raw/bench/events";
    static final String RAW_REQUESTS = "raw/svc/bench/authorize";
    static final String RAW_REPLIES = "raw/reply/raw-a";
    static final String HOPS_REQUESTS = "hops/svc/bench/authorize";
    static final String HOPS_REPLIES = "hops/reply/hops-a";
    static final Duration WAIT = Duration.ofSeconds(60);

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 9);
    private static final int EVENTS = Integer.getInteger("bench.events", 40_000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2_000);
    private static final int LOCAL = Integer.getInteger("bench.local", 200_000);
    /** Per warm-up pass (there are three) and request setup: enough that the JIT has compiled Cairn's request path. */
    private static final int WARMUP_REQUESTS = Integer.getInteger("bench.warmup.requests", 6_000);
    private static final int LIMIT_S = Integer.getInteger("bench.limit.s", 240);

    private final Json json = new Json();
    private final Path dir;
    private final Mosquitto broker;
    private final List<Runnable> closers = new ArrayList<>();

    // Cairn: node A publishes and asks, node B subscribes and serves
    private LocalBus busA;
    private LocalBus busB;
    private MqttTransport transportA;
    private MqttTransport transportB;
    private final AtomicReference<Arrivals> cairnArrivals = new AtomicReference<>();
    private final AtomicLong cairnStray = new AtomicLong();

    // raw Paho
    private MqttAsyncClient rawPub;
    private MqttAsyncClient rawSub;
    private MqttAsyncClient rawAsker;
    private MqttAsyncClient rawServer;
    private int window;
    private int receiveMaximum;
    private final AtomicReference<Arrivals> rawArrivals = new AtomicReference<>();
    private final AtomicLong rawStray = new AtomicLong();
    private final AtomicLong rawBusy = new AtomicLong();
    private final Map<String, CompletableFuture<byte[]>> rawPending = new ConcurrentHashMap<>();
    private byte[] rawAnswer;

    // raw Paho doing a request the way Cairn's transport does: JSON both ways, the handler on a pool of two
    // threads (RequestServer), the reply completed on a cached pool (Requests) — a diagnostic setup
    private MqttAsyncClient hopsAsker;
    private MqttAsyncClient hopsServer;
    private final Map<String, CompletableFuture<Answer>> hopsPending = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor hopsServing = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1_000), Threads.named("hops requests"));
    private final ExecutorService hopsCallbacks = Executors.newCachedThreadPool(Threads.named("hops replies"));

    // one JVM
    private final LocalBus local = new LocalBus();

    // where the CPU goes, per setup, over the measured rounds
    private final long brokerPid;
    private final Tally cairnThruCpu = new Tally("Cairn events");
    private final Tally rawThruCpu = new Tally("raw Paho events");
    private final Tally quickThruCpu = new Tally("Cairn events, non-blocking");
    private final Tally cairnLatCpu = new Tally("Cairn requests");
    private final Tally rawLatCpu = new Tally("raw Paho requests");
    private final Tally hopsLatCpu = new Tally("raw + hand-offs");
    private final Tally quickLatCpu = new Tally("Cairn, non-blocking");

    private AcrossNodesBench(Path dir, Mosquitto broker) {
        this.dir = dir;
        this.broker = broker;
        this.brokerPid = ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").contains("mosquitto")).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--security")) {   // open, auth and auth + TLS brokers side by side (SecurityBench)
            SecurityBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);   // Cairn logs its connects at INFO
        long started = System.nanoTime();
        watchdog(LIMIT_S);
        String given = System.getProperty("bench.dir");
        Path dir = given == null ? Files.createTempDirectory("cairn-bench-mqtt-") : Files.createDirectories(Path.of(given));
        Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
        AcrossNodesBench bench = new AcrossNodesBench(dir, broker);
        Thread cleanup = new Thread(() -> bench.closeAll(given == null), "bench cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int status = 0;
        try {
            bench.run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        } finally {
            System.out.printf(Locale.ROOT, "%nwhole run %.0f s%n", (System.nanoTime() - started) / 1e9);
        }
        System.exit(status);   // Paho's own threads would keep the JVM up; the hook stops everything
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "%s, %d cores, JDK %s, Mosquitto on %s%s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), broker.url(),
                Boolean.getBoolean("bench.trace") ? ", bus tracing on on both nodes" : "");
        startCairn();
        startRaw();
        Reading sample = reading(0);
        System.out.printf(Locale.ROOT, "event payload %d bytes: %s%n", json.encode(sample).length, new String(json.encode(sample), StandardCharsets.UTF_8));
        System.out.printf(Locale.ROOT, "request %d bytes, reply %d bytes; broker receive maximum %d -> in-flight window %d (Cairn's Sender: min(64, max/2))%n",
                json.encode(query(0)).length, rawAnswer.length, receiveMaximum, window);
        System.out.printf(Locale.ROOT, "%d rounds of %d events, %d requests, %d in-JVM requests%n", ROUNDS, EVENTS, REQUESTS, LOCAL);

        System.out.println("warm-up (untimed)");
        for (int i = 0; i < 3; i++) {
            cairnThroughput(20_000);
            cairnThroughput(QUICK_EVENTS, 20_000);
            rawThroughput(20_000);
            cairnLatency(WARMUP_REQUESTS);
            cairnLatency(QUICK_TOPIC, WARMUP_REQUESTS);
            rawLatency(WARMUP_REQUESTS);
            hopsLatency(WARMUP_REQUESTS);
        }
        localLatency(LOCAL);
        localLatency(LOCAL);

        List<Round> rounds = new ArrayList<>();
        for (int r = 1; r <= ROUNDS; r++) {
            Round round = new Round(r, List.of("Cairn", "raw", "non-blocking").get((r - 1) % 3));
            for (int k = 0; k < 3; k++) {   // the order of the three event setups turns from round to round
                switch ((k + r - 1) % 3) {
                    case 0 -> round.cairnThru = measured(cairnThruCpu, EVENTS, () -> cairnThroughput(EVENTS));
                    case 1 -> round.rawThru = measured(rawThruCpu, EVENTS, () -> rawThroughput(EVENTS));
                    default -> round.quickThru = measured(quickThruCpu, EVENTS, () -> cairnThroughput(QUICK_EVENTS, EVENTS));
                }
            }
            for (int k = 0; k < 4; k++) {   // the order of the four request setups turns from round to round
                switch ((k + r - 1) % 4) {
                    case 0 -> round.cairnLat = measured(cairnLatCpu, REQUESTS, () -> cairnLatency(REQUESTS));
                    case 1 -> round.rawLat = measured(rawLatCpu, REQUESTS, () -> rawLatency(REQUESTS));
                    case 2 -> round.quickLat = measured(quickLatCpu, REQUESTS, () -> cairnLatency(QUICK_TOPIC, REQUESTS));
                    default -> round.hopsLat = measured(hopsLatCpu, REQUESTS, () -> hopsLatency(REQUESTS));
                }
            }
            round.localLat = localLatency(LOCAL);
            rounds.add(round);
            System.out.println(round);
        }
        report(rounds);
        costs();
    }

    /**
     * What Cairn does per message that raw Paho does not, one piece at a time on one thread (after the
     * rounds, so the code is warm): JSON, the outbox's write and read-back, its fsync, a thread hand-off.
     */
    private void costs() throws Exception {
        System.out.println();
        System.out.println("Pieces, one thread, after the rounds (median of 5 batches; ns per operation):");
        int n = 20_000;
        Reading r = reading(7);
        byte[] bytes = json.encode(r);
        long sink = 0;
        for (int w = 0; w < 3; w++) {
            for (int i = 0; i < n; i++) sink += json.encode(reading(i)).length;
            for (int i = 0; i < n; i++) sink += json.decode(bytes, Reading.class).seq();
        }
        System.out.printf(Locale.ROOT, "JSON encode of the event (Reading -> bytes): %.0f ns%n", batches(5, n, () -> json.encode(r).length));
        System.out.printf(Locale.ROOT, "JSON decode (bytes -> Reading, no tree): %.0f ns%n",
                batches(5, n, () -> json.decode(bytes, Reading.class).seq()));
        MessageId id = new MessageId("bench-a", 1_763_800_000_000L, MessageId.EVENTS, 12_345);
        String idText = id.toString();
        Dedup dedup = new Dedup();
        AtomicLong seq = new AtomicLong();
        System.out.printf(Locale.ROOT, "message id parse + de-duplication: %.0f ns%n",
                batches(5, n, () -> dedup.firstTime(new MessageId("bench-a", 1L, 'e', seq.incrementAndGet()), "cairn/bus/" + EVENT_TOPIC) && MessageId.parse(idText) != null ? 1 : 0));

        Path boxDir = dir.resolve("costs-outbox");
        try (Outbox box = Outbox.open(boxDir, "costs", new Outbox.Limits(1_000_000, 1L << 30, OutboxFull.DROP_OLDEST, 10_000), new Counters())) {
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < n; i++) box.append(EVENT_TOPIC, bytes);
                drain(box);
            }
            box.sync();
            System.out.printf(Locale.ROOT, "outbox append (one write(2) into the page cache): %.0f ns%n", batches(5, n, () -> box.append(EVENT_TOPIC, bytes) != null ? 1 : 0));
            long t0 = System.nanoTime();
            int read = drain(box);
            System.out.printf(Locale.ROOT, "outbox next (one pread(2) back, copies) + done: %.0f ns%n", (System.nanoTime() - t0) / (double) read);
            box.sync();
            // what a sync every 200 ms forces at ~20,000 events/s: 4,000 records
            long[] syncs = new long[9];
            for (int k = 0; k < syncs.length; k++) {
                for (int i = 0; i < 4_000; i++) box.append(EVENT_TOPIC, bytes);
                drain(box);
                long s0 = System.nanoTime();
                box.sync();
                syncs[k] = System.nanoTime() - s0;
            }
            Arrays.sort(syncs);
            System.out.printf(Locale.ROOT, "outbox sync (fdatasync of 4,000 records + ack mark): median %.2f ms, max %.2f ms%n",
                    syncs[syncs.length / 2] / 1e6, syncs[syncs.length - 1] / 1e6);
        }

        // a publisher at ~20,000 events/s for 1 s, alone and beside a thread that syncs every 200 ms, as the Sender does
        for (boolean syncing : new boolean[] {false, true}) {
            Path stallDir = dir.resolve(syncing ? "stall-sync" : "stall-alone");
            try (Outbox box = Outbox.open(stallDir, "stall", new Outbox.Limits(1_000_000, 1L << 30, OutboxFull.DROP_OLDEST, 10_000), new Counters())) {
                java.util.concurrent.ScheduledExecutorService syncer = Executors.newSingleThreadScheduledExecutor(Threads.named("syncer"));
                if (syncing) {
                    syncer.scheduleWithFixedDelay(() -> {
                        try {
                            box.sync();
                        } catch (IOException e) {
                            System.err.println("sync: " + e);
                        }
                    }, 200, 200, TimeUnit.MILLISECONDS);
                }
                long[] calls = new long[20_000];
                long start = System.nanoTime();
                for (int i = 0; i < calls.length; i++) {
                    if (i % 20 == 0) {
                        long wait = start + i * 50_000L - System.nanoTime();
                        if (wait > 0) LockSupport.parkNanos(wait);
                    }
                    long c0 = System.nanoTime();
                    box.append(EVENT_TOPIC, bytes);
                    calls[i] = System.nanoTime() - c0;
                }
                syncer.shutdownNow();
                long slow = Arrays.stream(calls).filter(c -> c > 500_000).count();
                Arrays.sort(calls);
                System.out.printf(Locale.ROOT, "outbox append at 20,000/s for 1 s (%s): p50 %.1f µs, p99.9 %.0f µs, max %.2f ms, %d calls over 0.5 ms%n",
                        syncing ? "another thread syncs every 200 ms, as the Sender does" : "no sync; a segment roll every 1 MiB forces the old file",
                        calls[calls.length / 2] / 1e3, calls[(int) (calls.length * 0.999)] / 1e3, calls[calls.length - 1] / 1e6, slow);
            }
        }

        // one hand-off to a waiting pool thread and back to this one, as the transport's executors do
        ExecutorService pool = Executors.newSingleThreadExecutor(Threads.named("hand-off"));
        try {
            long[] trips = new long[5_000];
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < trips.length; i++) {
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    long t0 = System.nanoTime();
                    pool.execute(() -> f.complete(null));
                    f.get(10, TimeUnit.SECONDS);
                    trips[i] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(trips);
            System.out.printf(Locale.ROOT, "thread hand-off there and back (execute on an idle pool thread, complete a future the caller waits on): p50 %.1f µs, p99 %.1f µs%n",
                    trips[trips.length / 2] / 1e3, trips[(int) (trips.length * 0.99)] / 1e3);
        } finally {
            pool.shutdownNow();
        }
        if (sink == 42) System.out.println();   // keeps the warm-up loops alive
    }

    private static int drain(Outbox box) {
        int k = 0;
        for (Outbox.Outgoing o = box.next(); o != null; o = box.next()) {
            box.done(o.entry());
            k++;
        }
        return k;
    }

    /** Median over batches of ns per call. */
    private static double batches(int batches, int n, java.util.function.LongSupplier op) {
        double[] perOp = new double[batches];
        long sink = 0;
        for (int b = 0; b < batches; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) sink += op.getAsLong();
            perOp[b] = (System.nanoTime() - t0) / (double) n;
        }
        Arrays.sort(perOp);
        if (sink == 42) System.out.println();
        return perOp[batches / 2];
    }

    // ---- setup

    private void startCairn() throws IOException {
        transportA = node("bench-a");
        transportB = node("bench-b");
        busA = new LocalBus();
        busB = new LocalBus();
        BusAccess.bind(busA, transportA);
        BusAccess.bind(busB, transportB);
        if (Boolean.getBoolean("bench.trace")) {   // every call a span on both nodes, the context in user properties
            BusAccess.trace(busA, "bench-a");
            BusAccess.trace(busB, "bench-b");
        }
        closers.add(() -> {
            BusAccess.unbind(busA, transportA);
            transportA.stop();
        });
        closers.add(() -> {
            BusAccess.unbind(busB, transportB);
            transportB.stop();
        });
        Subscriber<Reading> arrivals = (topic, r) -> {
            Arrivals a = cairnArrivals.get();
            if (a == null) cairnStray.incrementAndGet();
            else a.arrived(r.seq());
        };
        busB.subscribe(EVENT_TOPIC, Reading.class, arrivals);
        busB.subscribe(QUICK_EVENTS, Reading.class, arrivals, SubscribeOptions.NON_BLOCKING);
        busB.handle(REQUEST_TOPIC, Query.class, AcrossNodesBench::authorize);
        busB.handle(QUICK_TOPIC, Query.class, AcrossNodesBench::authorize, Handling.NON_BLOCKING);
        local.handle(REQUEST_TOPIC, Query.class, AcrossNodesBench::authorize);
        await("Cairn nodes connected", () -> transportA.counters().connected() && transportB.counters().connected());
        await("node B listening and serving", () -> transportB.listeningAtBroker(EVENT_TOPIC) && transportB.listeningAtBroker(QUICK_EVENTS) && transportB.servedAtBroker(REQUEST_TOPIC)
                && transportB.servedAtBroker(QUICK_TOPIC));
    }

    private MqttTransport node(String id) throws IOException {
        Map<String, Object> config = new HashMap<>();
        config.put("broker.urls", broker.url());
        return new MqttTransport(Configs.mqtt(config), new NodeIdentity(id, "bench", Map.of()), dir.resolve("outbox-" + id), Bundles.none());
    }

    private void startRaw() throws MqttException {
        rawAnswer = json.encode(authorize(query(0)));
        rawPub = rawClient("raw-pub", null);
        rawSub = rawClient("raw-sub", (topic, m) -> {
            Arrivals a = rawArrivals.get();
            if (a == null) rawStray.incrementAndGet();
            else a.arrived(-1);
        });
        rawAsker = rawClient("raw-a", (topic, m) -> {
            CompletableFuture<byte[]> f = rawPending.remove(new String(m.getProperties().getCorrelationData(), StandardCharsets.UTF_8));
            if (f != null) f.complete(m.getPayload());
        });
        rawServer = rawClient("raw-b", (topic, m) -> {
            MqttMessage reply = new MqttMessage(rawAnswer);
            reply.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setCorrelationData(m.getProperties().getCorrelationData());
            reply.setProperties(p);
            publish(rawServer, m.getProperties().getResponseTopic(), reply, null);
        });
        subscribe(rawSub, RAW_EVENTS);
        subscribe(rawAsker, RAW_REPLIES);
        subscribe(rawServer, RAW_REQUESTS);

        hopsAsker = rawClient("hops-a", (topic, m) -> {
            CompletableFuture<Answer> f = hopsPending.remove(new String(m.getProperties().getCorrelationData(), StandardCharsets.UTF_8));
            byte[] body = m.getPayload();
            if (f != null) hopsCallbacks.execute(() -> f.complete(json.decode(body, Answer.class)));
        });
        hopsServer = rawClient("hops-b", (topic, m) -> hopsServing.execute(() -> {
            try {
                Answer a = authorize(json.decode(m.getPayload(), Query.class));
                MqttMessage reply = new MqttMessage(json.encode(a));
                reply.setQos(1);
                MqttProperties p = new MqttProperties();
                p.setCorrelationData(m.getProperties().getCorrelationData());
                reply.setProperties(p);
                publish(hopsServer, m.getProperties().getResponseTopic(), reply, null);
            } catch (MqttException e) {
                System.err.println("hops-b: " + e);
            }
        }));
        subscribe(hopsAsker, HOPS_REPLIES);
        subscribe(hopsServer, HOPS_REQUESTS);
        closers.add(() -> {
            hopsServing.shutdownNow();
            hopsCallbacks.shutdownNow();
        });
    }

    interface Arrived {
        void arrived(String topic, MqttMessage m) throws Exception;
    }

    private MqttAsyncClient rawClient(String id, Arrived arrived) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(broker.url(), id, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                if (arrived != null) arrived.arrived(topic, message);
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
                System.err.println(id + " disconnected: " + r);
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                System.err.println(id + ": " + e);
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
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setSocketFactory(new NoDelaySocketFactory());
        IMqttToken t = c.connect(o);
        t.waitForCompletion(10_000);
        receiveMaximum = ConnectOptions.receiveMaximum(t);
        window = Math.max(1, Math.min(64, receiveMaximum / 2));   // as Sender.connected
        closers.add(() -> {
            try {
                c.disconnect(1_000).waitForCompletion(2_000);
            } catch (MqttException | RuntimeException e) {
                // going anyway
            }
            try {
                c.close(true);
            } catch (MqttException | RuntimeException e) {
                // going anyway
            }
        });
        return c;
    }

    private static void subscribe(MqttAsyncClient c, String filter) throws MqttException {
        IMqttToken t = c.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null, new MqttProperties());
        t.waitForCompletion(10_000);
        int[] codes = t.getReasonCodes();
        if (codes == null || codes.length == 0 || codes[0] >= 0x80) throw new IllegalStateException("subscribing " + filter + " refused: " + Arrays.toString(codes));
    }

    /** Publishes; Paho's "too many publishes in progress" (#993) is retried after 1 ms, and counted. */
    private void publish(MqttAsyncClient c, String topic, MqttMessage m, MqttActionListener listener) throws MqttException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                c.publish(topic, m, null, listener);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) throw e;
                rawBusy.incrementAndGet();
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    // ---- 1. event throughput

    private Thru cairnThroughput(int n) throws InterruptedException {
        return cairnThroughput(EVENT_TOPIC, n);
    }

    private Thru cairnThroughput(String topic, int n) throws InterruptedException {
        Arrivals a = new Arrivals(n);
        cairnArrivals.set(a);
        long[] calls = new long[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Reading r = reading(i);
            long c0 = System.nanoTime();
            busA.publish(topic, r);
            calls[i] = System.nanoTime() - c0;
        }
        long published = System.nanoTime();
        boolean complete = a.await();
        await("node A's outbox acknowledged", () -> transportA.counters().queueDepth() == 0);
        cairnArrivals.set(null);
        return a.result(t0, published, complete).withCalls(calls);
    }

    private Thru rawThroughput(int n) throws Exception {
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) payloads[i] = json.encode(reading(i));   // the bytes Cairn sends, made before the clock starts
        Semaphore inFlight = new Semaphore(window);
        AtomicInteger failed = new AtomicInteger();
        MqttActionListener done = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failed.incrementAndGet();
                inFlight.release();
            }
        };
        Arrivals a = new Arrivals(n);
        rawArrivals.set(a);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("raw publisher: no PUBACK in " + WAIT);
            MqttMessage m = new MqttMessage(payloads[i]);
            m.setQos(1);
            publish(rawPub, RAW_EVENTS, m, done);
        }
        long published = System.nanoTime();
        boolean complete = a.await();
        if (!inFlight.tryAcquire(window, WAIT.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("raw publisher: PUBACKs missing");
        rawArrivals.set(null);
        if (failed.get() > 0) System.err.println("raw publisher: " + failed.get() + " publishes failed");
        return a.result(t0, published, complete);
    }

    /** Arrivals at the receiver: the clock of the first and the last of n. */
    static final class Arrivals {
        final int expected;
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch all = new CountDownLatch(1);
        volatile long first;
        volatile long last;
        long lastSeq = -1;
        int outOfOrder;

        Arrivals(int expected) {
            this.expected = expected;
        }

        void arrived(long seq) {
            long now = System.nanoTime();
            if (seq >= 0) {
                if (seq <= lastSeq) outOfOrder++;
                lastSeq = seq;
            }
            int k = count.incrementAndGet();
            if (k == 1) first = now;
            if (k == expected) {
                last = now;
                all.countDown();
            }
        }

        boolean await() throws InterruptedException {
            return all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        Thru result(long t0, long published, boolean complete) {
            int got = count.get();
            if (!complete) System.err.println("only " + got + " of " + expected + " events arrived within " + WAIT);
            if (outOfOrder > 0) System.err.println(outOfOrder + " events arrived out of order");
            double perSecond = complete ? (expected - 1) * 1e9 / (last - first) : Double.NaN;
            double endToEnd = complete ? expected * 1e9 / (last - t0) : Double.NaN;
            return new Thru(perSecond, endToEnd, (published - t0) / 1e6, got, null);
        }
    }

    /**
     * Messages per second first to last arrival; and from the first publish to the last arrival; ms the
     * publish loop took; for Cairn, how long one {@code bus.publish} call took (p50, p99.9, max).
     */
    record Thru(double perSecond, double endToEnd, double publishMillis, int arrived, Lat calls) {
        Thru withCalls(long[] nanos) {
            return new Thru(perSecond, endToEnd, publishMillis, arrived, Lat.of(nanos));
        }
    }

    // ---- 2. request/reply across nodes, 3. in one JVM

    private Lat cairnLatency(int n) throws Exception {
        return cairnLatency(REQUEST_TOPIC, n);
    }

    private Lat cairnLatency(String topic, int n) throws Exception {
        long[] nanos = new long[n];
        Duration timeout = Duration.ofSeconds(5);
        for (int i = 0; i < n; i++) {
            Query q = query(i);
            long t0 = System.nanoTime();
            Answer a = busA.request(topic, q, Answer.class, timeout).toCompletableFuture().get(10, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - t0;
            if (!a.orderId().equals(q.orderId())) throw new IllegalStateException("wrong reply " + a + " to " + q);
        }
        return Lat.of(nanos);
    }

    private Lat rawLatency(int n) throws Exception {
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) payloads[i] = json.encode(query(i));
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            String id = "raw-a/" + i;
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            rawPending.put(id, reply);
            MqttMessage m = new MqttMessage(payloads[i]);
            m.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic(RAW_REPLIES);
            p.setCorrelationData(id.getBytes(StandardCharsets.UTF_8));
            m.setProperties(p);
            publish(rawAsker, RAW_REQUESTS, m, null);
            reply.get(10, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - t0;
        }
        return Lat.of(nanos);
    }

    private Lat hopsLatency(int n) throws Exception {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            Query q = query(i);
            long t0 = System.nanoTime();
            String id = "hops-a/" + i;
            CompletableFuture<Answer> reply = new CompletableFuture<>();
            hopsPending.put(id, reply);
            MqttMessage m = new MqttMessage(json.encode(q));
            m.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic(HOPS_REPLIES);
            p.setCorrelationData(id.getBytes(StandardCharsets.UTF_8));
            m.setProperties(p);
            publish(hopsAsker, HOPS_REQUESTS, m, null);
            Answer a = reply.get(10, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - t0;
            if (!a.orderId().equals(q.orderId())) throw new IllegalStateException("wrong reply " + a + " to " + q);
        }
        return Lat.of(nanos);
    }

    private Lat localLatency(int n) throws Exception {
        long[] nanos = new long[n];
        Duration timeout = Duration.ofSeconds(5);
        Query q = query(1);
        long sink = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Answer a = local.request(REQUEST_TOPIC, q, Answer.class, timeout).toCompletableFuture().join();
            nanos[i] = System.nanoTime() - t0;
            sink += a.approved() ? 1 : 0;
        }
        if (sink != n) throw new IllegalStateException("in-JVM handler answered wrongly");
        return Lat.of(nanos);
    }

    record Lat(double p50, double p99, double mean, double p999, double max) {
        /** Nearest-rank percentiles, in microseconds. */
        static Lat of(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return new Lat(rank(s, 0.50) / 1e3, rank(s, 0.99) / 1e3, Arrays.stream(s).average().orElse(0) / 1e3,
                    rank(s, 0.999) / 1e3, s[s.length - 1] / 1e3);
        }

        private static long rank(long[] sorted, double p) {
            return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    static Answer authorize(Query q) {
        return new Answer(q.orderId(), q.cents() < 10_000, "payments");
    }

    static Reading reading(int i) {
        return new Reading("gh1/bed-07/soil", "north", "celsius", 21.5, 1_000_000 + i, 1_763_800_000_000L + i);
    }

    static Query query(int i) {
        return new Query("o-" + (1_000_000 + i), 1250, "EUR", "c-4711");
    }

    // ---- report

    static final class Round {
        final int number;
        /** The event setup that went first in this round. */
        final String first;
        Thru cairnThru;
        Thru rawThru;
        Thru quickThru;
        Lat cairnLat;
        Lat rawLat;
        Lat hopsLat;
        Lat quickLat;
        Lat localLat;

        Round(int number, String first) {
            this.number = number;
            this.first = first;
        }

        double thruRatio() {
            return cairnThru.perSecond() / rawThru.perSecond();
        }

        double quickThruRatio() {
            return quickThru.perSecond() / rawThru.perSecond();
        }

        double p50Ratio() {
            return cairnLat.p50() / rawLat.p50();
        }

        double p99Ratio() {
            return cairnLat.p99() / rawLat.p99();
        }

        double quickP50Ratio() {
            return quickLat.p50() / rawLat.p50();
        }

        double quickP99Ratio() {
            return quickLat.p99() / rawLat.p99();
        }

        double hopsP50Ratio() {
            return cairnLat.p50() / hopsLat.p50();
        }

        double hopsP99Ratio() {
            return cairnLat.p99() / hopsLat.p99();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "round %d (%s first): events/s Cairn %.0f raw %.0f (%.2f; end to end %.0f / %.0f; publish loop %.0f / %.0f ms)"
                            + " | non-blocking events/s %.0f (%.2f) | req p50 %.0f / %.0f us (%.2f) p99 %.0f / %.0f us (%.2f) | non-blocking p50 %.0f (%.2f) p99 %.0f (%.2f) | raw+hand-offs p50 %.0f p99 %.0f us | in-JVM p50 %.3f p99 %.3f us",
                    number, first, cairnThru.perSecond(), rawThru.perSecond(), thruRatio(),
                    cairnThru.endToEnd(), rawThru.endToEnd(), cairnThru.publishMillis(), rawThru.publishMillis(),
                    quickThru.perSecond(), quickThruRatio(),
                    cairnLat.p50(), rawLat.p50(), p50Ratio(), cairnLat.p99(), rawLat.p99(), p99Ratio(),
                    quickLat.p50(), quickP50Ratio(), quickLat.p99(), quickP99Ratio(), hopsLat.p50(), hopsLat.p99(),
                    localLat.p50(), localLat.p99());
        }
    }

    private void report(List<Round> rounds) {
        System.out.println();
        System.out.println("Per round (Cairn / raw Paho):");
        System.out.println("| round | first | Cairn events/s | raw events/s | ratio | non-blocking events/s | ratio | Cairn p50 µs | raw p50 µs | ratio | Cairn p99 µs | raw p99 µs | ratio | non-blocking p50 µs | ratio | non-blocking p99 µs | ratio | in-JVM p50 / p99 µs |");
        System.out.println("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (Round r : rounds) {
            System.out.printf(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.2f | %.0f | %.2f | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f | %.3f / %.3f |%n",
                    r.number, r.first, r.cairnThru.perSecond(), r.rawThru.perSecond(), r.thruRatio(),
                    r.quickThru.perSecond(), r.quickThruRatio(), r.cairnLat.p50(), r.rawLat.p50(), r.p50Ratio(), r.cairnLat.p99(), r.rawLat.p99(), r.p99Ratio(),
                    r.quickLat.p50(), r.quickP50Ratio(), r.quickLat.p99(), r.quickP99Ratio(),
                    r.localLat.p50(), r.localLat.p99());
        }
        double thruRatio = median(rounds, Round::thruRatio);
        double p50Ratio = median(rounds, Round::p50Ratio);
        double p99Ratio = median(rounds, Round::p99Ratio);
        System.out.println();
        System.out.printf(Locale.ROOT, "Medians of %d rounds (min-max):%n", rounds.size());
        System.out.printf(Locale.ROOT, "events/s, first to last arrival: Cairn %s, raw %s; ratio per round %.2f (%s) -> target >= 0.90 %s%n",
                span(rounds, r -> r.cairnThru.perSecond(), "%.0f"), span(rounds, r -> r.rawThru.perSecond(), "%.0f"),
                thruRatio, span(rounds, Round::thruRatio, "%.2f"), thruRatio >= 0.9 ? "met" : "NOT met");
        double quickThru = median(rounds, Round::quickThruRatio);
        System.out.printf(Locale.ROOT, "events/s, Cairn's subscriber declared non-blocking: %s; ratio to raw %.2f (%s) -> target >= 0.90 %s%n",
                span(rounds, r -> r.quickThru.perSecond(), "%.0f"), quickThru, span(rounds, Round::quickThruRatio, "%.2f"), quickThru >= 0.9 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "events/s, first publish to last arrival: Cairn %s, raw %s; Cairn's publish loop %s ms, raw %s ms%n",
                span(rounds, r -> r.cairnThru.endToEnd(), "%.0f"), span(rounds, r -> r.rawThru.endToEnd(), "%.0f"),
                span(rounds, r -> r.cairnThru.publishMillis(), "%.0f"), span(rounds, r -> r.rawThru.publishMillis(), "%.0f"));
        System.out.printf(Locale.ROOT, "request p50 µs: Cairn %s, raw %s; ratio %.2f (%s) -> target <= 1.15 %s%n",
                span(rounds, r -> r.cairnLat.p50(), "%.0f"), span(rounds, r -> r.rawLat.p50(), "%.0f"),
                p50Ratio, span(rounds, Round::p50Ratio, "%.2f"), p50Ratio <= 1.15 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "request p99 µs: Cairn %s, raw %s; ratio %.2f (%s) -> target <= 1.15 %s%n",
                span(rounds, r -> r.cairnLat.p99(), "%.0f"), span(rounds, r -> r.rawLat.p99(), "%.0f"),
                p99Ratio, span(rounds, Round::p99Ratio, "%.2f"), p99Ratio <= 1.15 ? "met" : "NOT met");
        double quickP50 = median(rounds, Round::quickP50Ratio);
        double quickP99 = median(rounds, Round::quickP99Ratio);
        System.out.printf(Locale.ROOT, "request p50 µs, Cairn's handler declared non-blocking: %s; ratio to raw %.2f (%s) -> target <= 1.15 %s%n",
                span(rounds, r -> r.quickLat.p50(), "%.0f"), quickP50, span(rounds, Round::quickP50Ratio, "%.2f"), quickP50 <= 1.15 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "request p99 µs, Cairn's handler declared non-blocking: %s; ratio to raw %.2f (%s) -> target <= 1.15 %s%n",
                span(rounds, r -> r.quickLat.p99(), "%.0f"), quickP99, span(rounds, Round::quickP99Ratio, "%.2f"), quickP99 <= 1.15 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "request mean µs: Cairn %s, raw %s%n",
                span(rounds, r -> r.cairnLat.mean(), "%.0f"), span(rounds, r -> r.rawLat.mean(), "%.0f"));
        System.out.printf(Locale.ROOT, "diagnostic, raw Paho + JSON + Cairn's two thread hand-offs: p50 µs %s, p99 µs %s, mean µs %s; Cairn / it: p50 %s, p99 %s%n",
                span(rounds, r -> r.hopsLat.p50(), "%.0f"), span(rounds, r -> r.hopsLat.p99(), "%.0f"), span(rounds, r -> r.hopsLat.mean(), "%.0f"),
                span(rounds, Round::hopsP50Ratio, "%.2f"), span(rounds, Round::hopsP99Ratio, "%.2f"));
        System.out.printf(Locale.ROOT, "one Cairn bus.publish call (JSON + outbox write) µs: p50 %s, p99 %s, p99.9 %s, max %s%n",
                span(rounds, r -> r.cairnThru.calls().p50(), "%.1f"), span(rounds, r -> r.cairnThru.calls().p99(), "%.1f"),
                span(rounds, r -> r.cairnThru.calls().p999(), "%.0f"), span(rounds, r -> r.cairnThru.calls().max(), "%.0f"));
        System.out.printf(Locale.ROOT, "in-JVM request (System.nanoTime around each call) p50 µs %s, p99 µs %s, mean µs %s%n",
                span(rounds, r -> r.localLat.p50(), "%.3f"), span(rounds, r -> r.localLat.p99(), "%.3f"), span(rounds, r -> r.localLat.mean(), "%.3f"));
        System.out.printf(Locale.ROOT, "strays (arrivals outside a measurement): Cairn %d, raw %d; raw publishes retried for Paho #993: %d%n",
                cairnStray.get(), rawStray.get(), rawBusy.get());
        System.out.printf(Locale.ROOT, "Cairn A: %s%nCairn B: %s%n", transportA.counters(), transportB.counters());
        System.out.println();
        System.out.println("CPU per event / per request over the measured rounds (thread CPU from ThreadMXBean; JVM = the whole process incl. GC and JIT; Mosquitto from /proc, 10 ms ticks):");
        for (Tally t : List.of(cairnThruCpu, quickThruCpu, rawThruCpu, cairnLatCpu, quickLatCpu, rawLatCpu, hopsLatCpu)) System.out.println(t);
    }

    private <T> T measured(Tally tally, int messages, Callable<T> body) throws Exception {
        Cpu before = Cpu.now(brokerPid);
        T result = body.call();
        tally.add(before, Cpu.now(brokerPid), messages);
        return result;
    }

    /** CPU used so far: the JVM, the broker, each live thread (by id: name and time), GC. */
    record Cpu(long process, long broker, Map<Long, String> names, Map<Long, Long> threads, Map<Long, Long> allocated,
               long gcMillis, long gcCount, long switches) {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        static Cpu now(long brokerPid) {
            Map<Long, String> names = new HashMap<>();
            Map<Long, Long> times = new HashMap<>();
            Map<Long, Long> allocated = new HashMap<>();
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info == null) continue;
                long t = THREADS.getThreadCpuTime(info.getThreadId());
                if (t < 0) continue;
                names.put(info.getThreadId(), info.getThreadName());
                times.put(info.getThreadId(), t);
                allocated.put(info.getThreadId(), ((com.sun.management.ThreadMXBean) THREADS).getThreadAllocatedBytes(info.getThreadId()));
            }
            long gcMillis = 0;
            long gcCount = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcMillis += Math.max(0, gc.getCollectionTime());
                gcCount += Math.max(0, gc.getCollectionCount());
            }
            long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            return new Cpu(process, brokerCpu(brokerPid), names, times, allocated, gcMillis, gcCount, voluntarySwitches());
        }

        /** Voluntary context switches of the JVM's live threads (a thread that blocks and is woken again counts one). */
        private static long voluntarySwitches() {
            long sum = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:")) sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return sum;
        }

        /** utime + stime of the broker in ns (clock ticks of 10 ms), or 0 when unknown. */
        private static long brokerCpu(long pid) {
            if (pid <= 0) return 0;
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;   // fields 14 and 15 of stat(5)
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /** CPU per message of one setup, summed over its measured runs. */
    static final class Tally {
        final String name;
        long messages;
        long runs;
        long process;
        long broker;
        long gcMillis;
        long gcCount;
        long switches;
        long threadsTotal;
        long allocatedTotal;
        final Map<String, Long> byThread = new TreeMap<>();
        final Map<String, Long> allocatedByThread = new TreeMap<>();

        Tally(String name) {
            this.name = name;
        }

        void add(Cpu before, Cpu after, long n) {
            messages += n;
            runs++;
            process += after.process() - before.process();
            broker += after.broker() - before.broker();
            gcMillis += after.gcMillis() - before.gcMillis();
            gcCount += after.gcCount() - before.gcCount();
            switches += after.switches() - before.switches();
            after.threads().forEach((id, t) -> {
                long d = t - before.threads().getOrDefault(id, 0L);
                if (d > 0) {
                    byThread.merge(group(after.names().get(id)), d, Long::sum);
                    threadsTotal += d;
                }
            });
            after.allocated().forEach((id, bytes) -> {
                long d = bytes - before.allocated().getOrDefault(id, 0L);
                if (d > 0) {
                    allocatedByThread.merge(group(after.names().get(id)), d, Long::sum);
                    allocatedTotal += d;
                }
            });
        }

        /** Pool threads of one kind together; Cairn's node names shortened. */
        static String group(String thread) {
            return thread.replaceAll("-\\d+$", "").replace("cairn-mqtt bench-a ", "A ").replace("cairn-mqtt bench-b ", "B ");
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "%-18s JVM %5.1f µs/msg (Java threads %5.1f; the rest is GC, JIT and VM threads), Mosquitto %5.1f µs/msg; JVM threads blocked and woken %.1f times/msg; GC per run: %.1f pauses, %.1f ms; threads (µs/msg):",
                    name, process / 1e3 / messages, threadsTotal / 1e3 / messages, broker / 1e3 / messages, (double) switches / messages,
                    (double) gcCount / Math.max(1, runs), (double) gcMillis / Math.max(1, runs)));
            byThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() / 1e3 / messages >= 0.05)
                    .forEach(e -> b.append(String.format(Locale.ROOT, " [%s] %.1f", e.getKey(), e.getValue() / 1e3 / messages)));
            b.append(String.format(Locale.ROOT, "; allocated %.0f bytes/msg:", (double) allocatedTotal / messages));
            allocatedByThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() / messages >= 16)
                    .forEach(e -> b.append(String.format(Locale.ROOT, " [%s] %d", e.getKey(), e.getValue() / messages)));
            return b.toString();
        }
    }

    private static String span(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f, String format) {
        double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", median(v), v[0], v[v.length - 1]);
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        return median(rounds.stream().mapToDouble(f).sorted().toArray());
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ---- bounds and cleanup

    static void await(String what, BooleanSupplier condition) {
        await(() -> what, condition);
    }

    /** Waits for {@code condition} at most {@link #WAIT}, then fails saying {@code what} (asked only then). */
    static void await(Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("not within " + WAIT + ": " + what.get());
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Ends the JVM after {@code seconds}, so that a stuck run cannot hold the machine. */
    static void watchdog(int seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("bench.limit.s (" + seconds + " s) reached: stopping");
            System.exit(3);
        }, "bench watchdog");
        t.setDaemon(true);
        t.start();
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
        broker.close();   // SIGKILL, waited for
        if (deleteDir) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }
    }
}
