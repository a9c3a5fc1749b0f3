package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.ctl.CairnTarball;
import dev.cairn.ctl.ClientOptions;
import dev.cairn.ctl.DeployListener;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.Signer;
import dev.cairn.ctl.UpgradeStatus;
import dev.cairn.distribution.Cairnctl.Result;
import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node upgrades its own runtime: a second build of the tarball (another version string) commits; a build
 * whose platform cannot start (a system bundle with an import nothing exports) is rolled back, and in a rollout
 * over two nodes it stops there; a power cut (SIGKILL of the whole process tree) while the node unpacks, while it
 * restarts into the new runtime and inside the health window leaves a node that bin/cairn starts again on a
 * working version. Throughout, a deploy/ bundle, its configuration file and a configuration set remotely stay.
 * Two nodes, edge-a and edge-b, serve all the cases in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeIT {
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
    private static final Path TARBALL = Path.of(System.getProperty("cairn.tarball", "target/cairn-0.1.0-SNAPSHOT.tar.gz"));
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final String V2 = "0.2.0-it";
    private static final String BROKEN = "0.3.0-broken";

    @TempDir
    static Path tmp;
    private Mosquitto broker;
    private Cairnctl ctl;
    private ManagementClient ops;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "upgrade-it-sender");
        t.setDaemon(true);
        return t;
    });
    private String v1;
    private Path v2;
    private Path broken;
    private NodeProcess a;
    private NodeProcess b;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    void buildsBrokerAndTwoNodes() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        ctl = new Cairnctl(tmp.resolve("ctl"), tmp.resolve("out")).broker(broker.url());
        Result keys = ctl.run("keys", "init");
        assertThat(keys.exit()).as(keys.toString()).isZero();
        ops = ManagementClient.connect(ClientOptions.of(broker.url(), Signer.load(tmp.resolve("ctl/cairnctl.key"))));

        v1 = implementationVersion(DIST.resolve("lib/cairn.jar"));
        v2 = repack(V2, top -> { });
        // the platform of this build cannot start: its web bundle imports a package nothing exports
        broken = repack(BROKEN, top -> {
            try (Stream<Path> jars = Files.list(top.resolve("system/4"))) {
                Path web = jars.filter(j -> j.getFileName().toString().startsWith("web-")).findFirst().orElseThrow();
                rewriteManifest(web, m -> m.getMainAttributes().putValue("Import-Package",
                        m.getMainAttributes().getValue("Import-Package") + ",com.example.nowhere;version=\"[1,2)\""));
            }
        });
        a = node("edge-a");
        b = node("edge-b");
    }

    @AfterAll
    void stopAll() {
        background.shutdownNow();
        nodes.forEach(NodeProcess::close);
        if (ops != null) ops.close();
        if (broker != null) broker.close();
    }

    @Test
    @Order(1)
    void aRunningNodeUpgradesToASecondBuildAndCommitsKeepingItsBundlesAndConfigurations() throws Exception {
        Path transportArea = mqttDataArea(a);
        Files.writeString(transportArea.resolve("kept-by-upgrade"), "the MQTT transport's own data");
        long t0 = System.nanoTime();
        Result r = ctl.run("upgrade", "edge-a", v2.toString(), "--health-window", "60s");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("edge-a: upgraded " + v1 + " -> " + V2 + " in ");
        figure("upload of " + Files.size(v2) / (1024 * 1024) + " MiB over MQTT", sentIn(r.out()) + " s");
        figure("cairnctl upgrade to commit", ms + " ms");
        assertServing(a, "edge-a", V2);
        assertThat(a.cairn("--version")).contains("cairn " + V2);
        assertThat(ops.result("edge-a", "node.info", Map.of(), CALL)).asString().contains("version=" + V2);
        UpgradeStatus s = ops.upgradeStatus("edge-a", CALL);
        assertThat(s.trial()).isNull();
        assertThat(s.lastOutcome()).satisfies(o -> {
            assertThat(o.committed()).isTrue();
            assertThat(o.version()).isEqualTo(V2);
            assertThat(o.from()).isEqualTo(v1);
        });
        assertThat(a.home.resolve("data/runtime/cairn-" + V2 + "/bin/cairn")).isExecutable();
        // the new runtime's transport is another bundle to the framework; its data area is the old one's
        Path movedArea = mqttDataArea(a);
        assertThat(movedArea).isNotEqualTo(transportArea);
        assertThat(movedArea.resolve("kept-by-upgrade")).hasContent("the MQTT transport's own data");

        Result again = ctl.run("upgrade", "edge-a", v2.toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("edge-a: already runs " + V2 + ", skipped");
    }

    @Test
    @Order(2)
    void aNodeKilledWhileItUnpacksComesBackOnItsVersionAndDropsTheUnfinishedUnpack() throws Exception {
        Path runtimes = b.home.resolve("data/runtime");
        Future<?> sending = send("edge-b", v2, Duration.ofSeconds(60), new AtomicLong());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> partials(runtimes) > 0);
        b.kill();
        sending.cancel(true);
        assertThat(partials(runtimes)).as("killed while tar was unpacking").isPositive();
        assertThat(runtimes.resolve("trial")).as("no trial recorded yet").doesNotExist();

        b.start();
        assertServing(b, "edge-b", v1);
        assertThat(partials(runtimes)).as("the unfinished unpack is gone at the next start").isZero();
    }

    @Test
    @Order(3)
    void aNodeKilledWhileItRestartsIntoTheNewRuntimeComesBackOnThePreviousOne() throws Exception {
        Path runtimes = b.home.resolve("data/runtime");
        AtomicLong firstProgress = new AtomicLong(-1);
        Future<?> sending = send("edge-b", v2, Duration.ofSeconds(60), firstProgress);
        // bin/cairn writes trial.booted just before it starts the new runtime's JVM
        await().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> Files.exists(runtimes.resolve("trial.booted")));
        b.kill();
        sending.cancel(true);
        assertThat(firstProgress.get()).as("the upload resumed from the part the killed node kept: nothing was sent again")
                .isEqualTo(Files.size(v2));
        String trial = property(runtimes.resolve("trial"), "id");

        b.start();
        assertServing(b, "edge-b", v1);
        assertThat(b.output()).contains("cairn-" + V2 + " did not commit; back to the previous runtime");
        assertRolledBack("edge-b", trial, V2, v1, "the node stopped before cairn-" + V2 + " committed");
    }

    @Test
    @Order(4)
    void aNodeKilledInsideTheHealthWindowComesBackOnThePreviousRuntime() throws Exception {
        Path runtimes = b.home.resolve("data/runtime");
        Future<?> sending = send("edge-b", v2, Duration.ofSeconds(120), new AtomicLong());
        // the new runtime is up (ready) and on trial; it commits only after 3 s of health, so this is inside the window
        Pattern onTrialThenReady = Pattern.compile("upgrade: Cairn " + Pattern.quote(V2) + " on trial until[\\s\\S]* ready in ");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> onTrialThenReady.matcher(b.output()).find());
        String trial = property(runtimes.resolve("trial"), "id");
        b.kill();
        sending.cancel(true);
        assertThat(runtimes.resolve("current")).as("killed before the commit").doesNotExist();
        assertThat(property(runtimes.resolve("outcome"), "id")).as("no outcome for this trial yet").isNotEqualTo(trial);

        b.start();
        assertServing(b, "edge-b", v1);
        assertRolledBack("edge-b", trial, V2, v1, "the node stopped before cairn-" + V2 + " committed");
    }

    @Test
    @Order(5)
    void aRolloutToABuildWhosePlatformCannotStartRollsTheFirstNodeBackAndLeavesTheNextAlone() throws Exception {
        String bLogBefore = b.output();
        long t0 = System.nanoTime();
        Result r = ctl.run("upgrade", "--selector", "role=edge", "--max-unavailable", "1", broken.toString(), "--health-window", "30s");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("edge-a: rolled back to " + V2 + ": ").contains("dev.cairn.web");
        assertThat(r.err()).contains("upgrade stopped at the first failure (edge-a); not started, left as they were: edge-b");
        figure("cairnctl upgrade to a broken build until it reports the roll-back", ms + " ms");
        assertThat(r.out()).doesNotContain("edge-b:");

        assertServing(a, "edge-a", V2);
        UpgradeStatus s = ops.upgradeStatus("edge-a", CALL);
        assertThat(s.lastOutcome()).satisfies(o -> {
            assertThat(o.committed()).isFalse();
            assertThat(o.version()).isEqualTo(BROKEN);
            assertThat(o.from()).isEqualTo(V2);
            assertThat(o.reason()).contains("dev.cairn.web");
        });
        assertThat(a.cairn("--version")).contains("cairn " + V2);
        assertThat(b.output().substring(bLogBefore.length())).as("edge-b was not touched").doesNotContain("upgrade");
        assertServing(b, "edge-b", v1);
    }

    // ---- the nodes -----------------------------------------------------------------------------------

    /** A node with hello.jar and its configuration file in deploy/ and a configuration set remotely. */
    private NodeProcess node(String id) throws Exception {
        NodeProcess n = NodeProcess.install(tmp.resolve(id)).env("CAIRN_NODE_ID", id).env("CAIRN_NODE_LABELS", "role=edge");
        nodes.add(n);
        n.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        Path trusted = Files.createDirectories(n.home.resolve("conf/trusted-keys"));
        Files.copy(tmp.resolve("ctl/cairnctl.pub"), trusted.resolve("operator.pub"));
        n.start();
        n.write("dev.cairn.examples.hello.cfg", "greeting.name = Ada\n");
        n.drop(EXAMPLES.resolve("hello.jar"));
        await().atMost(WAIT).until(() -> n.output().contains("Hello, Ada!"));
        await().atMost(WAIT).ignoreExceptions().until(() -> ops.call(id, "node.info", Map.of(), CALL).ok());
        ops.result(id, "config.put", Map.of("pid", "it.kept", "properties", Map.of("colour", "blue")), CALL);
        return n;
    }

    /** The node answers on {@code version}, hello.jar runs, and both configurations are as they were. */
    private void assertServing(NodeProcess n, String id, String version) throws Exception {
        await().atMost(WAIT).ignoreExceptions().until(() -> version.equals(ops.upgradeStatus(id, CALL).version()));
        await().atMost(WAIT).until(() -> n.row("hello.jar").map(row -> row.state().equals("ACTIVE")).orElse(false));
        assertThat(n.deploy().resolve("hello.jar")).exists();
        assertThat(n.deploy().resolve("dev.cairn.examples.hello.cfg")).content().contains("greeting.name = Ada");
        assertThat(ops.result(id, "config.get", Map.of("pid", "dev.cairn.examples.hello"), CALL)).asString().contains("greeting.name=Ada");
        assertThat(ops.result(id, "config.get", Map.of("pid", "it.kept"), CALL)).asString().contains("colour=blue");
        assertThat(n.cairn("--version")).contains("cairn " + version);
    }

    private void assertRolledBack(String id, String trial, String version, String from, String reason) throws Exception {
        UpgradeStatus s = ops.upgradeStatus(id, CALL);
        assertThat(s.trial()).isNull();
        assertThat(s.lastOutcome()).satisfies(o -> {
            assertThat(o.id()).isEqualTo(trial);
            assertThat(o.committed()).isFalse();
            assertThat(o.version()).isEqualTo(version);
            assertThat(o.from()).isEqualTo(from);
            assertThat(o.reason()).contains(reason);
        });
    }

    /** Sends the tarball as cairnctl does, in the background, for a test that kills the node on the way. */
    private Future<?> send(String node, Path tarball, Duration window, AtomicLong firstProgress) throws Exception {
        CairnTarball t = CairnTarball.read(tarball);
        ManagementClient c = ManagementClient.connect(ClientOptions.of(broker.url(), Signer.load(tmp.resolve("ctl/cairnctl.key"))));
        DeployListener progress = (done, total) -> firstProgress.compareAndSet(-1, done);
        return background.submit(() -> {
            try (c) {
                return c.sendUpgrade(node, t, window, ManagementClient.CHUNK_BYTES, progress, CALL);
            }
        });
    }

    private static long partials(Path runtimes) throws IOException {
        if (!Files.isDirectory(runtimes)) return 0;
        try (Stream<Path> s = Files.list(runtimes)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".partial")).count();
        }
    }

    private static String property(Path file, String key) throws IOException {
        if (!Files.exists(file)) return null;
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p.getProperty(key);
    }

    private static String sentIn(String out) {
        Matcher m = Pattern.compile(": sent in ([0-9.]+) s").matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    /** The data area of the node's MQTT transport: the bundle folder in Felix's cache that holds its outbox. */
    private static Path mqttDataArea(NodeProcess n) throws IOException {
        try (Stream<Path> bundles = Files.list(n.home.resolve("data/framework"))) {
            List<Path> areas = bundles.map(d -> d.resolve("data")).filter(d -> Files.isDirectory(d.resolve("outbox"))).toList();
            assertThat(areas).as("data areas with an outbox").hasSize(1);
            return areas.get(0);
        }
    }

    private static void figure(String what, String value) {
        System.out.println("UpgradeIT figure: " + what + ": " + value);
    }

    // ---- builds --------------------------------------------------------------------------------------

    private interface Change {
        void apply(Path top) throws Exception;
    }

    /**
     * The built tarball as another build: unpacked with the system's tar, lib/cairn.jar's Implementation-Version
     * set to {@code version}, the top folder renamed to cairn-VERSION/, {@code change} applied, packed again.
     */
    private static Path repack(String version, Change change) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("build-" + version));
        exec("tar", "-xzf", TARBALL.toString(), "-C", work.toString());
        Path top;
        try (Stream<Path> s = Files.list(work)) {
            top = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path renamed = Files.move(top, work.resolve("cairn-" + version));
        rewriteManifest(renamed.resolve("lib/cairn.jar"), m -> m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version));
        change.apply(renamed);
        Path out = tmp.resolve("cairn-" + version + ".tar.gz");
        exec("tar", "-czf", out.toString(), "-C", work.toString(), renamed.getFileName().toString());
        assertThat(CairnTarball.read(out).version()).isEqualTo(version);
        return out;
    }

    private static void rewriteManifest(Path jar, Consumer<Manifest> change) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".new");
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest m = new Manifest(in.getManifest());
            change.accept(m);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(rewritten), m)) {
                for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) continue;
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String implementationVersion(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest().getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        }
    }

    private static void exec(String... command) throws Exception {
        Result r = Cairnctl.exec(new ProcessBuilder(command), tmp.resolve("out"));
        assertThat(r.exit()).as(String.join(" ", command) + ": " + r).isZero();
    }
}
