package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ctl.FakeAgent;
import dev.cairn.management.api.PasswordHash;
import dev.cairn.management.protocol.Keys;
import dev.cairn.mqtt.Mosquitto;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's clients as cairnctl writes them: files in a hub's conf/ before it starts ({@code --broker-conf}),
 * and configurations on the running hub through signed management requests ({@code --broker-node}, here against a fake
 * agent; the real embedded broker is the system test's).
 */
class EmbeddedBrokerClientsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_PID = "dev.cairn.broker.client";
    static Mosquitto broker;

    @TempDir
    Path tmp;
    ByteArrayOutputStream out, err;

    @BeforeAll
    static void broker(@TempDir Path dir) throws Exception {
        broker = Mosquitto.start(dir.resolve("mosquitto"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("CAIRN_CTL_HOME", tmp.resolve("home").toString(), "CAIRN_BROKER", broker.url());
        return new Cairnctl(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path jar(String name, String grants) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "it." + name);
        if (grants != null) m.getMainAttributes().putValue("Provide-Capability", "cairn.bus.grants;" + grants);
        Path jar = tmp.resolve(name + ".jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return jar;
    }

    @Test
    void brokerConfWritesTheClientForAHubThatHasNotStartedYet() throws Exception {
        Path conf = tmp.resolve("hub/conf");
        Path node = tmp.resolve("pi-2-conf");
        Path payments = jar("payments", "serve:List<String>=\"payments/authorize\";publish:List<String>=\"payments/done\"");
        Path api = jar("shop-api", null);

        assertThat(run("enroll", "pi-2", "--bundle", api.toString(), "--bundle", payments.toString(), "--broker-conf", conf.toString(),
                "--out", node.toString())).as(err()).isZero();

        Path file = conf.resolve(CLIENT_PID + "-pi-2.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        JsonNode client = JSON.readTree(file.toFile());
        assertThat(client.path("name").asText()).isEqualTo("pi-2");
        assertThat(client.path("role").asText()).isEqualTo("node");
        assertThat(client.path("serve")).containsExactly(JSON.valueToTree("payments/authorize"));
        assertThat(client.path("publish")).containsExactly(JSON.valueToTree("payments/done"));
        assertThat(client.has("subscribe") || client.has("call")).as("empty grants are left out").isFalse();
        String password = Files.readString(node.resolve("mqtt.password"));
        assertThat(PasswordHash.matches(client.path(".password").asText(), password.toCharArray())).isTrue();
        assertThat(Files.readString(file)).doesNotContain(password);
        assertThat(Files.readAllLines(node.resolve("dev.cairn.mqtt.cfg"))).containsExactly("username = pi-2", "password.file = conf/mqtt.password");
        assertThat(out()).contains("shop-api.jar: declares no bus grants", "cairn/svc/payments/authorize").doesNotContain(password);

        assertThat(run("enroll", "pi-2", "--broker-conf", conf.toString(), "--out", node.toString())).isEqualTo(1);
        assertThat(err()).contains("pi-2 is enrolled at the hub configuration in " + conf + " already");

        String hash = client.path(".password").asText();
        assertThat(run("grant", "pi-2", payments.toString(), jar("orders", "call:List<String>=\"payments/authorize\"").toString(),
                "--broker-conf", conf.toString())).as(err()).isZero();
        JsonNode granted = JSON.readTree(file.toFile());
        assertThat(granted.path(".password").asText()).as("grant keeps the password").isEqualTo(hash);
        assertThat(granted.path("call")).containsExactly(JSON.valueToTree("payments/authorize"));
        assertThat(out()).containsPattern("publish +cairn/svc/payments/authorize +allow +bundle grant");

        assertThat(run("access", "pi-2", "--broker-conf", conf.toString())).as(err()).isZero();
        assertThat(out()).contains("node pi-2 at the hub configuration in", "cairn/reply/pi-2", "presence of pi-2 unknown");

        assertThat(run("enroll", "alice", "--operator", "--broker-conf", conf.toString(), "--out", tmp.resolve("alice").toString())).isZero();
        assertThat(JSON.readTree(conf.resolve(CLIENT_PID + "-alice.json").toFile()).path("role").asText()).isEqualTo("operator");
        assertThat(run("grant", "alice", payments.toString(), "--broker-conf", conf.toString())).isEqualTo(1);
        assertThat(err()).contains("alice at the hub configuration in " + conf + " is an operator");

        assertThat(run("revoke", "pi-2", "--broker-conf", conf.toString())).isZero();
        assertThat(file).doesNotExist();
        assertThat(run("revoke", "pi-2", "--broker-conf", conf.toString())).isEqualTo(1);
    }

    @Test
    void brokerNodeKeepsTheClientsAsFactoryConfigurationsOnTheHub() throws Exception {
        assertThat(run("keys", "init")).isZero();
        try (FakeAgent hub = new FakeAgent(broker.url(), "hub", Keys.readPublic(tmp.resolve("home/cairnctl.pub")))) {
            hub.announce("online", Map.of());
            Path sensors = jar("sensors", "publish:List<String>=\"sensors/#\"");
            Path node = tmp.resolve("pi-3-conf");

            assertThat(run("enroll", "pi-3", "--bundle", sensors.toString(), "--broker-node", "hub", "--out", node.toString())).as(err()).isZero();

            Map<String, Object> config = hub.configs.get(CLIENT_PID + "~pi-3");
            assertThat(config).containsEntry("name", "pi-3").containsEntry("role", "node").containsEntry("publish", List.of("sensors/#"));
            String hash = String.valueOf(config.get(".password"));
            assertThat(PasswordHash.matches(hash, Files.readString(node.resolve("mqtt.password")).toCharArray())).isTrue();
            assertThat(hub.seen.stream().filter(s -> s.op().equals("config.put")).findFirst().orElseThrow().request())
                    .extracting(r -> FakeAgent.arg(r, "factoryPid"), r -> FakeAgent.arg(r, "name"), r -> FakeAgent.arg(r, "replace"))
                    .containsExactly(CLIENT_PID, "pi-3", true);

            assertThat(run("enroll", "pi-3", "--broker-node", "hub", "--out", node.toString())).isEqualTo(1);

            assertThat(run("grant", "pi-3", sensors.toString(), jar("fan", "subscribe:List<String>=\"fan/#\"").toString(), "--broker-node", "hub"))
                    .as(err()).isZero();
            assertThat(hub.configs.get(CLIENT_PID + "~pi-3")).containsEntry(".password", hash).containsEntry("subscribe", List.of("fan/#"));

            assertThat(run("access", "pi-3", "--broker-node", "hub", "-o", "json")).as(err()).isZero();
            JsonNode access = JSON.readTree(out());
            assertThat(access.path("role").asText()).isEqualTo("node");
            assertThat(access.path("rules").findValuesAsText("filter")).contains("cairn/bus/sensors/#", "cairn/bus/fan/#", "cairn/node/pi-3/#");
            assertThat(access.path("presence").path("status").asText()).as("pi-3 never announced itself").isEqualTo("unknown");

            assertThat(run("revoke", "pi-3", "--broker-node", "hub")).as(err()).isZero();
            assertThat(hub.configs).doesNotContainKey(CLIENT_PID + "~pi-3");
            assertThat(run("revoke", "pi-3", "--broker-node", "hub")).isEqualTo(1);
            assertThat(err()).contains("no client pi-3 at the embedded broker of node hub");
        }
    }
}
