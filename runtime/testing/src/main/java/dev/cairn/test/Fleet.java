package dev.cairn.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running nodes of one placement, their broker and the test's bus: started together (every JVM boots at once),
 * ready when each node's presence says its bundles run, killed and deleted at the end — kept, and said where, when a
 * test failed in it.
 */
final class Fleet implements AutoCloseable {
    /** Where the node folders go (-Dcairn.test.dir=target/cairn-test, say); the system's temporary folder if unset. */
    static final String DIR_PROPERTY = "cairn.test.dir";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** What a node logs when a payload does not survive JSON: the transport's payload.check, or a message it could not decode. */
    private static final List<String> CROSSING_MARKERS = List.of("payload check failed:", "(MALFORMED)");

    private final Placement placement;
    private final Path dir;
    private final List<NodeProcess> nodes;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private MqttCairnBus bus;
    private long startMillis;
    private volatile boolean keep;

    private Fleet(Placement placement, Path dir, List<NodeProcess> nodes) {
        this.placement = placement;
        this.dir = dir;
        this.nodes = nodes;
    }

    static Fleet start(CairnTest test, Placement placement, Path home, Path workingDir) throws Exception {
        List<Layout.NodePlan> plans = Layout.plan(test, placement, home, workingDir);
        long t0 = System.nanoTime();
        String parent = System.getProperty(DIR_PROPERTY);
        String prefix = "cairn-test-" + placement.name().toLowerCase() + "-";
        Path dir = parent == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(Files.createDirectories(Path.of(parent)), prefix);
        List<NodeProcess> nodes = new ArrayList<>();
        for (Layout.NodePlan p : plans) nodes.add(new NodeProcess(home, dir.resolve(p.name()), p));
        Fleet f = new Fleet(placement, dir, List.copyOf(nodes));
        try {
            f.boot(test, t0);
            return f;
        } catch (Exception | Error e) {
            f.keep = true;
            f.close();
            throw e;
        }
    }

    private void boot(CairnTest test, long t0) throws Exception {
        Deadline deadline = Deadline.in(START_TIMEOUT);
        Broker kind = test.broker() == Broker.AUTO ? (Mosquitto.binary().isPresent() ? Broker.MOSQUITTO : Broker.EMBEDDED) : test.broker();
        int port;
        if (kind == Broker.MOSQUITTO) {
            Mosquitto m = Mosquitto.start(dir.resolve("mosquitto"));
            resources.add(m);
            port = m.port();
        } else {
            port = Ports.free();
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).start(conf(test, port, kind == Broker.EMBEDDED && i == 0));
        }
        resources.addAll(nodes);
        bus = new MqttCairnBus(placement, nodes, port);
        bus.connect(deadline);
        for (NodeProcess n : nodes) n.awaitReady(deadline);
        bus.awaitNodes(deadline);
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[cairn-test] " + placement + ": " + nodes.size() + " node(s) " + nodes.stream().map(NodeProcess::name).toList()
                + " over " + (kind == Broker.MOSQUITTO ? "Mosquitto" : "the embedded broker of " + nodes.get(0).name())
                + " ready in " + startMillis + " ms");
    }

    /** conf/ of a node: the transport to the placement's broker (checking payloads in SPLIT), the test's configurations. */
    private Map<String, String> conf(CairnTest test, int port, boolean runsBroker) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dev.cairn.mqtt.cfg", "broker.urls = tcp://127.0.0.1:" + port + "\n"
                // nodes boot together, the broker may come up after them: try again soon
                + "reconnect.initial.ms = 50\nreconnect.max.ms = 200\n"
                + "payload.check = " + (placement == Placement.SPLIT) + "\n");
        if (runsBroker) files.put("dev.cairn.broker.cfg", "port = " + port + "\n");
        for (Config c : test.config()) {
            if (c.pid().isBlank() || c.pid().contains("/")) throw new IllegalArgumentException("@CairnTest: @Config pid '" + c.pid() + "' is not a pid");
            files.put(c.pid() + ".cfg", String.join("\n", c.properties()) + "\n");
        }
        return files;
    }

    Placement placement() {
        return placement;
    }

    MqttCairnBus bus() {
        return bus;
    }

    List<NodeProcess> nodes() {
        return nodes;
    }

    Path dir() {
        return dir;
    }

    long startMillis() {
        return startMillis;
    }

    /** Where each node's log is now: what an invocation adds comes after. */
    Map<NodeProcess, Integer> marks() {
        Map<NodeProcess, Integer> m = new LinkedHashMap<>();
        for (NodeProcess n : nodes) m.put(n, n.log().length());
        return m;
    }

    /** Lines logged since {@code marks} saying a payload did not survive JSON, prefixed by the node's name. */
    List<String> crossingProblems(Map<NodeProcess, Integer> marks) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<NodeProcess, Integer> e : marks.entrySet()) {
            String log = e.getKey().log();
            for (String line : log.substring(Math.min(e.getValue(), log.length())).lines().toList()) {
                if (CROSSING_MARKERS.stream().anyMatch(line::contains)) out.add("node " + e.getKey().name() + ": " + line);
            }
        }
        return out;
    }

    /** The last lines of every node, for the report of a failed test. */
    String tails() {
        StringBuilder s = new StringBuilder("node logs (kept in " + dir + "):\n");
        for (NodeProcess n : nodes) s.append("---- ").append(n.name()).append(", last lines:\n").append(n.tail(40)).append('\n');
        return s.toString();
    }

    /** A test failed here: the folder stays for whoever reads the failure. */
    void keep() {
        keep = true;
    }

    @Override
    public void close() {
        if (bus != null) bus.close();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("[cairn-test] " + placement + ": " + resources.get(i) + " not closed: " + e);
            }
        }
        if (keep) {
            System.out.println("[cairn-test] " + placement + ": node folders kept in " + dir);
        } else {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("temporary folder " + dir + " not deleted", e);
        }
    }
}
