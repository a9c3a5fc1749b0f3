package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.ctl.ClientOptions;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.Signer;
import dev.cairn.mqtt.Mosquitto;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cairnctl dev from the distribution on a bundle project outside the Cairn tree (src/test/projects/greeter, built
 * offline by Maven against the distribution's maven/ folder), against a real node through a real Mosquitto: an edit is answered
 * on the bus by the new version, a compile error is shown and the node keeps answering with the old one.
 * Prints the time from each save to the first answer of the new version (BENCHMARKS.md, "cairnctl dev").
 */
class DevLoopIT {
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
    private static final Path FIXTURE = Path.of(System.getProperty("cairn.devloop.fixture", "src/test/projects/greeter"));
    private static final String VERSION = System.getProperty("cairn.version", "0.1.0-SNAPSHOT");
    private static final Path LOCAL_REPO = Path.of(System.getProperty("cairn.m2", System.getProperty("user.home") + "/.m2/repository"));
    /** The first build may resolve and load all of Maven's plugins from cold. */
    private static final Duration FIRST = Duration.ofSeconds(90);
    /** What the issue asks of an edit. */
    private static final Duration LIVE = Duration.ofSeconds(10);
    /** For what the issue sets no time: on 2 cores shared with other builds one Maven build alone may take 10 s. */
    private static final Duration LATER = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private Mosquitto broker;
    private NodeProcess node;
    private ManagementClient ops;
    private BusProbe bus;
    private Process dev;
    private Thread devReader;
    private final List<String> devOut = new CopyOnWriteArrayList<>();
    private Path project;
    private Path greeter;

    @BeforeEach
    void startNodeAndProject() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        assertThat(new Cairnctl(tmp.resolve("ctl"), tmp).run("keys", "init").exit()).isZero();
        node = NodeProcess.install(tmp.resolve("n1")).env("CAIRN_NODE_ID", "n1");
        node.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        Path keys = Files.createDirectories(node.home.resolve("conf/trusted-keys"));
        Files.copy(tmp.resolve("ctl/cairnctl.pub"), keys.resolve("operator.pub"));
        node.start();
        ops = ManagementClient.connect(ClientOptions.of(broker.url(), Signer.load(tmp.resolve("ctl/cairnctl.key"))));
        await().atMost(ManagementIT.WAIT).ignoreExceptions().until(() -> ops.call("n1", "node.info", Map.of(), ManagementIT.CALL).ok());
        bus = new BusProbe(broker.url());

        project = tmp.resolve("greeter");
        copyTree(FIXTURE, project);
        Path pom = project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("@cairn.version@", VERSION));
        offlineFromTheDistribution(project);
        greeter = project.resolve("src/main/java/it/devloop/greeter/Greeter.java");
    }

    @AfterEach
    void stopAll() throws Exception {
        boolean ended = true;
        long stopMillis = 0;
        if (dev != null) {
            long t0 = System.nanoTime();
            // SIGTERM, as Ctrl-C: the shutdown hook ends the build and gives back the log lease. Through the handle:
            // Process.destroy() also closes the pipes, and what the hook prints would be lost.
            dev.toHandle().destroy();
            ended = dev.waitFor(20, TimeUnit.SECONDS);
            stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            if (!ended) dev.destroyForcibly();
            devReader.join(5_000);   // what it printed last, the stop included
            System.out.println("---- cairnctl dev printed (it took " + stopMillis + " ms to stop):");
            devOut.forEach(System.out::println);
        }
        if (bus != null) bus.close();
        if (ops != null) ops.close();
        if (node != null) node.close();
        if (broker != null) broker.close();
        if (dev != null) {
            assertThat(ended).as("cairnctl dev stopped on SIGTERM").isTrue();
            assertThat(devOut).as("the shutdown hook ran").anySatisfy(l -> assertThat(l).contains("cairnctl dev: stopped; ").contains(" keeps running"));
        }
    }

    @Test
    void anEditIsAnsweredByTheNewVersionAndACompileErrorKeepsTheOldOneAnswering() throws Exception {
        startDev();
        await().atMost(FIRST).until(() -> "hello from v1".equals(bus.greeting()));

        List<Long> liveMillis = new ArrayList<>();
        for (int v = 2; v <= 4; v++) liveMillis.add(editAndAwait("hello from v" + (v - 1), "hello from v" + v));
        System.out.println("cairnctl dev: save to the new version answering on the bus, ms: " + liveMillis);
        // the bundle's own log line, followed from the node (in batches every 100 ms: it may come after the answer)
        await().atMost(Duration.ofSeconds(5)).until(() -> devOut.stream()
                .anyMatch(l -> l.contains("it.devloop.greeter.Greeter - greeter serves devloop/greeting: hello from v4")));
        assertThat(devOut).as("the node's lines about other things are left out")
                .noneSatisfy(l -> assertThat(l).contains("ManagementAgent - management: bundles.update"));

        int before = devOut.size();
        replace("\"hello from v4\";", "\"hello from v5\" +;");   // a compile error
        await().atMost(LATER).until(() -> devOut.stream().skip(before).anyMatch(l -> l.contains("build failed")));
        await().atMost(Duration.ofSeconds(5)).until(() -> devOut.stream().skip(before).anyMatch(l -> l.contains("waiting for changes")));
        List<String> report = devOut.subList(before, devOut.size());
        assertThat(report).anySatisfy(l -> assertThat(l).contains("node n1 keeps running"))
                .anySatisfy(l -> assertThat(l).contains("src/main/java/it/devloop/greeter/Greeter.java:[").contains("illegal start of expression"))
                .noneSatisfy(l -> assertThat(l).contains("[Help 1]"));
        assertThat(bus.greeting()).as("the node still answers with the version before the error").isEqualTo("hello from v4");

        liveMillis.add(editAndAwait("\"hello from v5\" +;", "\"hello from v5\";", "hello from v5", LATER));   // fixed: the loop goes on
        System.out.println("cairnctl dev: after the fix, ms: " + liveMillis.get(liveMillis.size() - 1));
    }

    @Test
    void withADeployFolderTheBundleIsCopiedIntoItWholeAndEachEditReplacesIt() throws Exception {
        startDev("--deploy-dir", node.deploy().toString());
        await().atMost(FIRST).until(() -> "hello from v1".equals(bus.greeting()));
        assertThat(devOut).anySatisfy(l -> assertThat(l).contains("copied to " + node.deploy().resolve("it.devloop.greeter.jar")));
        editAndAwait("hello from v1", "hello from v2");
        try (Stream<Path> files = Files.list(node.deploy())) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no partial file left beside it").containsExactly("it.devloop.greeter.jar");
        }
        assertThat(node.countLines("installed it\\.devloop\\.greeter")).as("updated, not installed twice").isEqualTo(1);
    }

    /** Edits the greeting and returns the milliseconds from the save to the first answer of the new version. */
    private long editAndAwait(String from, String to) throws Exception {
        return editAndAwait("\"" + from + "\"", "\"" + to + "\"", to, LIVE);
    }

    private long editAndAwait(String from, String to, String answer, Duration within) throws Exception {
        long saved = System.nanoTime();
        replace(from, to);
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> answer.equals(bus.greeting()));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saved);
    }

    private void replace(String from, String to) throws IOException {
        String source = Files.readString(greeter);
        assertThat(source).contains(from);
        Files.writeString(greeter, source.replace(from, to));
    }

    private void startDev(String... target) throws IOException {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/cairnctl").toString(), "dev"));
        command.addAll(target.length == 0 ? List.of("--node", "n1") : List.of(target));
        command.add(project.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CAIRN_CTL_HOME", tmp.resolve("ctl").toString());
        pb.environment().put("CAIRN_BROKER", broker.url());
        pb.environment().put("CAIRNCTL_CDS", "off");   // bin/cairnctl then execs the JVM: SIGTERM reaches it
        dev = pb.start();
        devReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) devOut.add(l);
            } catch (IOException ignored) {
                // it ended
            }
        }, "cairnctl dev output");
        devReader.setDaemon(true);
        devReader.start();
    }

    /**
     * As a developer sets it up (README, "Starting a project from the archetype"): Cairn's artifacts from the
     * distribution's maven/ folder, named as a repository in a settings.xml, and nothing of Cairn in the local
     * repository, which holds the build's third-party plugins and libraries (linked). The project's
     * {@code .mvn/maven.config} passes the settings and lets offline Maven read a file:// repository, so that
     * cairnctl dev runs its default {@code mvn -B -q -o package -DskipTests} unchanged.
     */
    private void offlineFromTheDistribution(Path project) throws IOException {
        Path maven = DIST.resolve("maven").toAbsolutePath();
        assertThat(maven.resolve("dev/cairn/bus.api/" + VERSION)).as("the distribution's maven/ has dev.cairn:bus.api " + VERSION).isDirectory();
        Path repo = Files.createDirectories(tmp.resolve("m2"));
        linkAllBut(LOCAL_REPO, repo, "dev");
        linkAllBut(LOCAL_REPO.resolve("dev"), Files.createDirectories(repo.resolve("dev")), "cairn");
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings>\n  <localRepository>" + repo + "</localRepository>\n  <profiles><profile><id>cairn</id>\n"
                + "    <repositories><repository><id>cairn</id><url>" + maven.toUri() + "</url></repository></repositories>\n"
                + "  </profile></profiles>\n  <activeProfiles><activeProfile>cairn</activeProfile></activeProfiles>\n</settings>\n");
        Path config = Files.createDirectories(project.resolve(".mvn")).resolve("maven.config");
        Files.writeString(config, "-s\n" + settings + "\n-Daether.offline.protocols=file\n");
    }

    private static void linkAllBut(Path from, Path into, String except) throws IOException {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> entries = Files.list(from)) {
            for (Path e : entries.filter(Files::isDirectory).filter(e -> !e.getFileName().toString().equals(except)).toList()) {
                Files.createSymbolicLink(into.resolve(e.getFileName().toString()), e);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }
}
