package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ctl.FakeAgent;
import dev.cairn.management.protocol.Keys;
import dev.cairn.mqtt.Mosquitto;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cairnctl's commands end to end: a real Mosquitto, fake agents, the key made by keys init. */
class CairnctlAgainstNodesTest {
    static Mosquitto broker;

    @TempDir
    Path home;
    ByteArrayOutputStream out, err;
    PublicKey trusted;
    final List<FakeAgent> agents = new ArrayList<>();

    @BeforeAll
    static void broker(@TempDir Path dir) throws Exception {
        broker = Mosquitto.start(dir.resolve("mosquitto"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void key() throws Exception {
        assertThat(run("keys", "init")).isEqualTo(0);
        trusted = Keys.readPublic(home.resolve("cairnctl.pub"));
    }

    @AfterEach
    void stopAgents() throws Exception {
        for (FakeAgent a : agents) a.close();
    }

    FakeAgent agent(String node, Map<String, String> labels) throws Exception {
        FakeAgent a = new FakeAgent(broker.url(), node, trusted);
        agents.add(a);
        a.announce("online", labels);
        return a;
    }

    int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("CAIRN_CTL_HOME", home.toString(), "CAIRN_BROKER", broker.url());
        return new Cairnctl(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nodesAsTableAndAsJson() throws Exception {
        agent("shop-1", Map.of("role", "edge"));

        assertThat(run("nodes")).isEqualTo(0);
        assertThat(out()).contains("NODE", "shop-1", "online", "role=edge");

        assertThat(run("nodes", "-o", "json")).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.isArray()).isTrue();
        assertThat(json.findValuesAsText("node")).contains("shop-1");
    }

    @Test
    void anOfflineNodeIsExitCodeThreeWithAPlainMessage() {
        assertThat(run("info", "pi-3")).isEqualTo(3);
        assertThat(err()).isEqualTo("cairnctl: no node pi-3 online\n");
    }

    @Test
    void configSetTypesValuesAndShowsTheNodesRefusal() throws Exception {
        FakeAgent a = agent("shop-1", Map.of());

        assertThat(run("config", "set", "shop-1", "dev.cairn.examples.orders", "demo.orders=5", "interval.ms=500", "label=\"7\"")).isEqualTo(0);
        assertThat(a.configs.get("dev.cairn.examples.orders")).containsEntry("demo.orders", 5).containsEntry("interval.ms", 500).containsEntry("label", "7");
        assertThat(out()).contains("interval.ms", "500");

        assertThat(run("config", "set", "shop-1", "dev.cairn.examples.orders", "interval.ms=5")).isEqualTo(1);
        assertThat(err()).isEqualTo("cairnctl: invalid config: interval.ms must be ≥ 10\n");
    }

    @Test
    void configApplyReadsADeployJsonFile() throws Exception {
        FakeAgent a = agent("shop-1", Map.of());
        Path file = Files.writeString(home.resolve("dev.cairn.sensors.simulated-attic.json"), "{\"interval.ms\": 250, \"pins\": [17, 27]}");

        assertThat(run("config", "apply", "shop-1", file.toString())).isEqualTo(0);

        assertThat(a.configs.get("dev.cairn.sensors.simulated~attic")).containsEntry("interval.ms", 250).containsEntry("pins", List.of(17, 27));
    }

    @Test
    void deployToASelectorReachesEveryMatchingNode() throws Exception {
        FakeAgent e1 = agent("edge-1", Map.of("role", "edge"));
        FakeAgent e2 = agent("edge-2", Map.of("role", "edge"));
        FakeAgent core = agent("core-1", Map.of("role", "core"));
        Path jar = Files.write(home.resolve("hello.jar"), new byte[300_000]);

        assertThat(run("deploy", "--selector", "role=edge", jar.toString())).isEqualTo(0);

        assertThat(out()).contains("edge-1: installed hello.jar", "edge-2: installed hello.jar");
        assertThat(e1.files).containsKey("hello.jar");
        assertThat(e2.files).containsKey("hello.jar");
        assertThat(core.files).isEmpty();
    }

    @Test
    void applyPushesOnlyDifferencesAndReportsThem() throws Exception {
        FakeAgent orders = agent("orders-node", Map.of());
        FakeAgent payments = agent("payments-node", Map.of());
        payments.bundles.add(new java.util.LinkedHashMap<>(Map.of("id", 99, "name", "hello", "version", "1", "state", "ACTIVE",
                "file", "hello.jar", "sha256", "00")));
        Path examples = Files.createDirectories(home.resolve("examples"));
        for (String jar : List.of("shop-api.jar", "orders.jar", "payments.jar")) Files.writeString(examples.resolve(jar), jar + " bytes");
        Path yaml = Files.writeString(home.resolve("shop-micro.yaml"), """
                bundles:
                  shop-api: examples/shop-api.jar
                  orders: examples/orders.jar
                  payments: examples/payments.jar
                nodes:
                  orders-node:
                    bundles: [shop-api, orders]
                    config:
                      dev.cairn.examples.orders: {demo.orders: 5, interval.ms: 500}
                  payments-node:
                    bundles: [shop-api, payments]
                """);

        assertThat(run("apply", "-f", yaml.toString(), "--dry-run")).isEqualTo(0);
        assertThat(out()).contains("would install", "would remove", "would configure");
        assertThat(orders.files).isEmpty();

        assertThat(run("apply", "-f", yaml.toString())).isEqualTo(0);
        assertThat(out()).contains("orders-node: 1 configured, 2 installed", "payments-node: 1 removed, 2 installed");
        assertThat(orders.files).containsOnlyKeys("shop-api.jar", "orders.jar");
        assertThat(payments.files).containsOnlyKeys("shop-api.jar", "payments.jar");
        assertThat(payments.bundles).noneMatch(b -> "hello.jar".equals(b.get("file")));
        assertThat(payments.bundles).anyMatch(b -> b.get("file") == null);   // the framework stays

        assertThat(run("apply", "-f", yaml.toString(), "-o", "json")).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.findValuesAsText("action")).containsOnly("unchanged");

        Files.writeString(examples.resolve("orders.jar"), "orders v2");
        assertThat(run("apply", "-f", yaml.toString())).isEqualTo(0);
        assertThat(out()).contains("orders-node: 1 updated, 2 unchanged");
    }

    @Test
    void applyWithAnOfflineNodeIsPartial() throws Exception {
        agent("shop-1", Map.of());
        Path jar = Files.writeString(home.resolve("hello.jar"), "hello");
        Path yaml = Files.writeString(home.resolve("fleet.yaml"), """
                bundles: {hello: hello.jar}
                nodes:
                  shop-1: {bundles: [hello]}
                  pi-3: {bundles: [hello]}
                """);

        assertThat(run("apply", "-f", yaml.toString())).isEqualTo(4);
        assertThat(out()).contains("pi-3", "no node pi-3 online", "shop-1: 1 installed");
        assertThat(jar).exists();
    }
}
