package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.distribution.Cairnctl.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small fleet on the embedded broker with authentication on, set up as the README's "Securing a fleet" says:
 * every node enrolled with cairnctl for the bundles it runs, an operator enrolled too. The hub (shop-1: broker,
 * orders, greenhouse) and shop-2 (payments) do their work; a third node, "rogue", enrolled for nothing but runs
 * payments.jar anyway; "intruder", enrolled for hello.jar (nothing on the bus), is tried with Mosquitto's own
 * clients for what it was not granted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureFleetIT {
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Duration WAIT = ManagementIT.WAIT;

    @TempDir
    static Path tmp;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Cairnctl ctl;
    private int port;
    private int http;
    private NodeProcess hub;
    private NodeProcess shop2;
    private NodeProcess rogue;

    @BeforeAll
    void enrollAndStartTheFleet() throws Exception {
        port = Http.freePort();
        http = Http.freePort();
        ctl = new Cairnctl(tmp.resolve("ctl"), tmp.resolve("out")).broker("tcp://127.0.0.1:" + port);
        assertThat(cairnctl("keys", "init").exit()).isZero();
        hub = install("shop-1");
        shop2 = install("shop-2");
        rogue = install("rogue");
        Path hubConf = hub.home.resolve("conf");
        hub.conf("dev.cairn.broker.cfg", "port = " + port + "\nauthentication = true\n");
        hub.conf("dev.cairn.web.cfg", "http.port = " + http + "\n");

        // bootstrap: the hub is not running yet, so its clients are written into its conf/
        enroll("shop-1", hubConf, hubConf, "shop-api.jar", "orders.jar", "greenhouse.jar");
        enroll("shop-2", hubConf, shop2.home.resolve("conf"), "shop-api.jar", "payments.jar");
        enroll("rogue", hubConf, rogue.home.resolve("conf"), "shop-api.jar");
        enroll("sensor-1", hubConf, tmp.resolve("sensor-1"), DIST.resolve("hardware/hardware-sensors.jar").toString());
        enroll("intruder", hubConf, tmp.resolve("intruder"), "hello.jar");
        Result ops = cairnctl("enroll", "ops", "--operator", "--broker-conf", hubConf.toString(), "--out", tmp.resolve("ctl").toString());
        assertThat(ops.exit()).as(ops.toString()).isZero();

        assertThat(Files.readString(hubConf.resolve("dev.cairn.mqtt.cfg"))).contains("username = shop-1")
                .contains("password.file = conf/mqtt.password").doesNotContain(password("shop-1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hubConf.resolve("mqtt.password")))).isEqualTo("rw-------");

        hub.start();
        shop2.start();
        rogue.start();
        hub.write("dev.cairn.examples.greenhouse.climate.cfg", "window.ms = 60000\n");
        hub.drop(DIST.resolve("hardware/hardware-api.jar"));
        hub.drop(EXAMPLES.resolve("greenhouse.jar"));
        for (NodeProcess n : List.of(hub, shop2, rogue)) n.drop(EXAMPLES.resolve("shop-api.jar"));
        shop2.drop(EXAMPLES.resolve("payments.jar"));
        rogue.drop(EXAMPLES.resolve("payments.jar"));
        await().atMost(WAIT).until(() -> cairnctl("nodes").out().contains("rogue"));
    }

    @AfterAll
    void stopAll() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    @Order(1)
    void aClientWithoutCredentialsOrWithAWrongPasswordIsRefusedAndAnEnrolledNodeConnects() throws Exception {
        Result anonymous = mosquitto("mosquitto_pub", "-t", "cairn/bus/sensors/gh", "-m", reading(99.0));
        assertThat(anonymous.exit()).as(anonymous.toString()).isNotZero();
        assertThat(anonymous.err()).containsIgnoringCase("bad user name or password");

        Result wrong = mosquitto("mosquitto_pub", "-u", "shop-2", "-P", "not-the-password", "-t", "cairn/bus/sensors/gh", "-m", reading(99.0));
        assertThat(wrong.exit()).as(wrong.toString()).isNotZero();

        Result nodes = cairnctl("nodes");
        assertThat(nodes.out()).as(nodes.toString()).contains("shop-1").contains("shop-2").contains("rogue");
        assertThat(hub.output()).contains("connected to tcp://127.0.0.1:" + port);
    }

    @Test
    @Order(2)
    void theShopWorksSplitAndANodeThatWasNotGrantedPaymentsCannotAnswerThem() throws Exception {
        // the rogue runs payments.jar, but the broker refused its shared subscription: cairn status says so
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> rogue.row("dev.cairn.mqtt")
                .map(r -> r.reason().contains("the broker refused")).orElse(false));
        assertThat(rogue.row("dev.cairn.mqtt").orElseThrow().reason()).contains("$share/cairn/cairn/svc/payments/authorize");
        Result access = cairnctl("access", "rogue", "--broker-node", "shop-1");
        assertThat(access.exit()).as(access.toString()).isZero();
        assertThat(access.out()).contains("payments/authorize").contains("NOT GRANTED AT THE BROKER");

        hub.write("dev.cairn.examples.orders.cfg", "demo.orders = 10\ninterval.ms = 20\n");
        hub.drop(EXAMPLES.resolve("orders.jar"));

        await().atMost(WAIT).until(() -> hub.output().contains("demo done: 10 orders"));
        assertThat(hub.output()).contains("demo done: 10 orders, 6 approved, 4 declined");
        assertThat(shop2.countLines("PaymentService - order-")).isEqualTo(10);
        assertThat(rogue.countLines("PaymentService - order-")).isZero();
        // the nodes enrolled for what they run (and the platform's own grants) were refused nothing
        assertThat(hub.output()).doesNotContain("NOT_AUTHORIZED");
        assertThat(shop2.output()).doesNotContain("NOT_AUTHORIZED");
    }

    @Test
    @Order(3)
    void aNodeNotGrantedSensorsCannotInjectAReadingWhileASensorNodeCan() throws Exception {
        String climate = "http://127.0.0.1:" + http + "/api/climate";
        await().atMost(WAIT).until(() -> Http.status(climate) == 200);

        Result injected = mosquitto("mosquitto_pub", "-u", "intruder", "-P", password("intruder"), "-i", "intruder",
                "-t", "cairn/bus/sensors/gh", "-m", reading(99.0));
        // the channel works: a node granted sensors/+ publishes the same way, after the refused one
        Result granted = mosquitto("mosquitto_pub", "-u", "sensor-1", "-P", password("sensor-1"), "-i", "sensor-1", "-t", "cairn/bus/sensors/gh", "-m", reading(21.5));
        assertThat(granted.exit()).as(granted.toString()).isZero();

        await().atMost(WAIT).until(() -> Http.get(climate).body().contains("\"sensor\":\"gh\""));
        assertThat(Http.get(climate).body()).contains("\"max\":21.5").doesNotContain("99.0");
        assertThat(injected.toString()).doesNotContain(password("intruder"));
    }

    @Test
    @Order(4)
    void nobodyCanOverwriteAnotherNodesPresence() throws Exception {
        mosquitto("mosquitto_pub", "-u", "intruder", "-P", password("intruder"), "-i", "intruder", "-r",
                "-t", "cairn/node/shop-2/status", "-m", "{\"node\":\"shop-2\",\"status\":\"offline\",\"reason\":\"forged\"}");
        // its own presence it may write: proof that the publish itself went out
        Result own = mosquitto("mosquitto_pub", "-u", "intruder", "-P", password("intruder"), "-i", "intruder",
                "-t", "cairn/node/intruder/probe", "-m", "{}");
        assertThat(own.exit()).as(own.toString()).isZero();

        Result nodes = cairnctl("nodes", "-o", "json");
        assertThat(nodes.out()).doesNotContain("forged");
        assertThat(cairnctl("info", "shop-2").exit()).isZero();
    }

    @Test
    @Order(4)
    void anOperatorFollowsANodesLogWhileAnotherNodeCannotReadIt() throws Exception {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/cairnctl").toString(), "logs", "shop-2", "-f", "-n", "1",
                "--grep", "management: config.put", "--username", "ops", "--password-file", tmp.resolve("ctl/broker.password").toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CAIRN_CTL_HOME", tmp.resolve("ctl").toString());
        pb.environment().put("CAIRN_BROKER", "tcp://127.0.0.1:" + port);
        LogsIT.Follower follower = new LogsIT.Follower(pb.start());
        Process snoop = new ProcessBuilder("mosquitto_sub", "-V", "5", "-h", "127.0.0.1", "-p", Integer.toString(port), "-u", "intruder",
                "-P", password("intruder"), "-i", "intruder-snoop", "-t", "cairn/node/shop-2/logs/#", "-W", "8")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out/snoop.txt").toFile()).start();
        try {
            assertThat(cairnctl("config", "set", "shop-2", "it.logs", "mark=secret-ish").exit()).isZero();
            await().atMost(WAIT).until(() -> follower.count("management: config.put") >= 1);
            assertThat(cairnctl("config", "set", "shop-2", "it.logs", "mark=again").exit()).isZero();
            await().atMost(WAIT).until(() -> follower.count("management: config.put") >= 2);
            assertThat(snoop.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(tmp.resolve("out/snoop.txt"))).doesNotContain("config.put");
        } finally {
            snoop.destroyForcibly();
            follower.close();
        }
    }

    @Test
    @Order(5)
    void aRevokedNodeIsCutOffAtOnceAndCannotComeBack() throws Exception {
        // line-buffered, so its debug lines reach the file as they happen
        Process follower = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-V", "5", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-d", "-u", "intruder", "-P", password("intruder"), "-i", "intruder", "-t", "cairn/reply/intruder")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("intruder-sub.txt").toFile()).start();
        try {
            await().atMost(WAIT).until(() -> Files.readString(tmp.resolve("intruder-sub.txt")).contains("received SUBACK"));
            assertThat(follower.isAlive()).as("mosquitto_sub connected").isTrue();

            Result revoke = cairnctl("revoke", "intruder", "--broker-node", "shop-1");
            assertThat(revoke.exit()).as(revoke.toString()).isZero();
            Result revokeNode = cairnctl("revoke", "rogue", "--broker-node", "shop-1");
            assertThat(revokeNode.exit()).as(revokeNode.toString()).isZero();

            assertThat(follower.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("mosquitto_sub cut off").isTrue();
            Result again = mosquitto("mosquitto_pub", "-u", "intruder", "-P", password("intruder"), "-i", "intruder",
                    "-t", "cairn/node/intruder/probe", "-m", "{}");
            assertThat(again.exit()).as(again.toString()).isNotZero();
            await().atMost(WAIT).until(() -> rogue.output().contains("cannot connect to tcp://127.0.0.1:" + port));
            // its will could not be sent (it may no longer publish): the broker said offline in its place
            String ops = Files.readString(tmp.resolve("ctl/broker.password"), StandardCharsets.UTF_8).strip();
            Result presence = mosquitto("mosquitto_sub", "-u", "ops", "-P", ops, "-i", "ops-check", "-t", "cairn/node/rogue/status",
                    "-C", "1", "-W", "10");
            assertThat(presence.out()).as(presence.toString()).contains("\"status\":\"offline\"").contains("\"reason\":\"revoked\"");
        } finally {
            follower.destroyForcibly();
        }
    }

    private NodeProcess install(String id) throws IOException {
        NodeProcess n = NodeProcess.install(tmp.resolve(id)).env("CAIRN_NODE_ID", id);
        nodes.add(n);
        n.conf("dev.cairn.mqtt.cfg", "broker.urls = tcp://127.0.0.1:" + port + "\nreconnect.max.ms = 1000\n");
        Path keys = Files.createDirectories(n.home.resolve("conf/trusted-keys"));
        Files.copy(tmp.resolve("ctl/cairnctl.pub"), keys.resolve("operator.pub"));
        return n;
    }

    private void enroll(String node, Path hubConf, Path out, String... jars) throws Exception {
        List<String> args = new ArrayList<>(List.of("enroll", node, "--broker-conf", hubConf.toString(), "--out", out.toString()));
        for (String jar : jars) args.addAll(List.of("--bundle", jar.contains("/") ? jar : EXAMPLES.resolve(jar).toString()));
        Result r = cairnctl(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(password(node));
    }

    private String password(String node) throws IOException {
        Path dir = Files.isDirectory(tmp.resolve(node).resolve("cairn")) ? tmp.resolve(node).resolve("cairn/conf") : tmp.resolve(node);
        return Files.readString(dir.resolve("mqtt.password"), StandardCharsets.UTF_8).strip();
    }

    private static String reading(double value) {
        return "{\"sensor\":\"gh\",\"quantity\":\"temperature\",\"value\":" + value + ",\"unit\":\"°C\",\"timestamp\":\""
                + Instant.now() + "\",\"quality\":\"GOOD\"}";
    }

    private Result mosquitto(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool, "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return Cairnctl.exec(new ProcessBuilder(command), tmp.resolve("out"));
    }

    private Result cairnctl(String... args) throws IOException, InterruptedException {
        if (Files.exists(tmp.resolve("ctl/broker.password"))) ctl.login("ops", tmp.resolve("ctl/broker.password"));
        return ctl.run(args);
    }
}
