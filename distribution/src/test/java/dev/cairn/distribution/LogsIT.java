package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.ctl.ClientOptions;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.Signer;
import dev.cairn.distribution.Cairnctl.Result;
import dev.cairn.mqtt.Mosquitto;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cairnctl logs against a real node from the distribution through a real Mosquitto: recent lines, filters, -f, a flood. */
class LogsIT {
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
    private static final String DONE = "management: config.put by key";

    @TempDir
    Path tmp;
    private Mosquitto broker;
    private NodeProcess node;
    private ManagementClient ops;
    private final List<Follower> followers = new ArrayList<>();

    @BeforeEach
    void startNode() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        assertThat(cairnctl("keys", "init").exit()).isZero();
        node = NodeProcess.install(tmp.resolve("n1")).env("CAIRN_NODE_ID", "n1");
        node.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        Path keys = Files.createDirectories(node.home.resolve("conf/trusted-keys"));
        Files.copy(tmp.resolve("ctl/cairnctl.pub"), keys.resolve("operator.pub"));
        node.start();
        ops = ManagementClient.connect(ClientOptions.of(broker.url(), Signer.load(tmp.resolve("ctl/cairnctl.key"))));
        await().atMost(ManagementIT.WAIT).ignoreExceptions().until(() -> ops.call("n1", "node.info", Map.of(), ManagementIT.CALL).ok());
    }

    @AfterEach
    void stopAll() {
        followers.forEach(Follower::close);
        if (ops != null) ops.close();
        if (node != null) node.close();
        if (broker != null) broker.close();
    }

    private Result cairnctl(String... args) throws IOException, InterruptedException {
        return new Cairnctl(tmp.resolve("ctl"), tmp).broker(broker.url()).run(args);
    }

    private void putConfig(String value) throws Exception {
        ops.result("n1", "config.put", Map.of("pid", "it.logs", "properties", Map.of("mark", value)), ManagementIT.CALL);
    }

    @Test
    void recentLinesAreShownAsTheFileHasThemAndFilteredByTextAndLevel() throws Exception {
        putConfig("one");
        assertThat(ops.call("n1", "config.put", Map.of("pid", "dev.cairn.management", "properties", Map.of("clock.skew.seconds", 0)),
                ManagementIT.CALL).ok()).isFalse();   // refused: logged at WARN

        Result grep = cairnctl("logs", "n1", "--grep", DONE);
        assertThat(grep.exit()).as(grep.toString()).isZero();
        assertThat(grep.out().lines()).isNotEmpty().allSatisfy(l -> assertThat(l).contains(DONE))
                .anySatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z INFO  dev\\.cairn\\.management\\.ManagementAgent - " + DONE + " .*"));
        String fileLine = grep.out().lines().findFirst().orElseThrow();
        assertThat(node.output()).as("the line as the node's own log has it").contains(fileLine);

        Result warn = cairnctl("logs", "n1", "--level", "WARN", "--since", "10m");
        assertThat(warn.exit()).as(warn.toString()).isZero();
        assertThat(warn.out()).contains("management request INVALID_CONFIG (config.put)").doesNotContain(DONE);
        assertThat(warn.out().lines()).allSatisfy(l -> assertThat(l).containsPattern("Z (WARN |ERROR) "));

        Result json = cairnctl("logs", "n1", "--grep", DONE, "-n", "1", "-o", "json");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.out().lines()).singleElement().satisfies(l -> assertThat(l).startsWith("{\"t\":").contains("\"level\":\"INFO\"")
                .contains("\"logger\":\"dev.cairn.management.ManagementAgent\""));
    }

    @Test
    void aFollowerSeesANewLineWithinASecondOfItBeingLogged() throws Exception {
        putConfig("warm-up");
        Follower f = follow("logs", "n1", "-f", "--grep", DONE, "-n", "1");
        await().atMost(ManagementIT.WAIT).until(() -> f.count(DONE) >= 1);   // the recent line comes after the lease was granted
        int before = f.count(DONE);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int seen = before + i;
            putConfig("mark-" + i);
            await().atMost(Duration.ofSeconds(10)).until(() -> f.count(DONE) > seen);
            Line l = f.lines(DONE).get(seen);
            latencies.add(l.arrivedMillis() - Instant.parse(l.text().substring(0, l.text().indexOf(' '))).toEpochMilli());
        }
        System.out.println("cairnctl logs -f: logged on the node to printed by cairnctl, ms: " + latencies);
        assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(1000));
        assertThat(f.process.isAlive()).isTrue();
    }

    @Test
    void aFloodOfTenThousandLinesASecondLeavesBrokerAndFollowerAliveAndTheFollowerIsToldOfTheDrops() throws Exception {
        Follower f = follow("logs", "n1", "-f", "-n", "1");
        await().atMost(ManagementIT.WAIT).until(() -> !f.out.isEmpty());   // the recent line comes after the lease was granted
        node.drop(new TestBundles(tmp.resolve("bundles")).logFlood(30_000, 10_000));
        await().atMost(ManagementIT.WAIT).until(() -> node.output().contains("flood: done"));
        await().atMost(Duration.ofSeconds(10)).until(() -> f.err.stream().anyMatch(l -> l.text().contains("lines dropped by n1")));
        String done = node.output().lines().filter(l -> l.contains("flood: done")).findFirst().orElseThrow();
        int shown = f.count("flood line");
        System.out.println("flood: " + done.substring(done.indexOf("flood: done")) + "; the follower showed " + shown + " of them; "
                + f.err.stream().filter(l -> l.text().contains("dropped")).count() + " drop notices");
        assertThat(shown).isBetween(100, 30_000 / 2);
        assertThat(f.process.isAlive()).as("the follower").isTrue();
        assertThat(ops.call("n1", "node.info", Map.of(), ManagementIT.CALL).ok()).as("broker and node answer").isTrue();
        Result recent = cairnctl("logs", "n1", "--grep", "flood: done");
        assertThat(recent.out()).contains("flood: done");

        putConfig("after the flood");   // the bucket refills: what is logged next reaches the follower again
        await().atMost(Duration.ofSeconds(10)).until(() -> f.count(DONE) >= 1);
    }

    private Follower follow(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/cairnctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CAIRN_CTL_HOME", tmp.resolve("ctl").toString());
        pb.environment().put("CAIRN_BROKER", broker.url());
        Follower f = new Follower(pb.start());
        followers.add(f);
        return f;
    }

    record Line(String text, long arrivedMillis) {
    }

    /** A running cairnctl logs -f and what it printed, each line with when it arrived. */
    static final class Follower {
        final Process process;
        final List<Line> out = new CopyOnWriteArrayList<>();
        final List<Line> err = new CopyOnWriteArrayList<>();

        Follower(Process process) {
            this.process = process;
            read(process.getInputStream(), out);
            read(process.getErrorStream(), err);
        }

        private static void read(InputStream in, List<Line> into) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) into.add(new Line(l, System.currentTimeMillis()));
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "follower output");
            t.setDaemon(true);
            t.start();
        }

        List<Line> lines(String containing) {
            return out.stream().filter(l -> l.text().contains(containing)).toList();
        }

        int count(String containing) {
            return lines(containing).size();
        }

        void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            System.out.println("---- cairnctl logs -f: " + out.size() + " lines out; err:");
            err.forEach(l -> System.out.println(l.text()));
        }
    }
}
