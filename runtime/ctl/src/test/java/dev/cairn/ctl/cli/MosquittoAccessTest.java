package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ctl.MqttProbe;
import dev.cairn.mqtt.DynsecMosquitto;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * enroll, grant, revoke and access against a real Mosquitto 2.0.11 with its dynamic-security plugin: what a node
 * enrolled for its bundles' grants can and cannot do at the broker, with bare MQTT clients standing in for nodes and
 * the admin as the one who watches every topic.
 */
class MosquittoAccessTest {
    static final int NOT_AUTHORIZED = 0x87;
    static final ObjectMapper JSON = new ObjectMapper();
    static DynsecMosquitto broker;
    static MqttProbe watcher;

    @TempDir
    Path tmp;
    ByteArrayOutputStream out, err;
    final List<MqttProbe> probes = new ArrayList<>();

    @BeforeAll
    static void broker(@TempDir Path dir) throws Exception {
        broker = DynsecMosquitto.start(dir.resolve("mosquitto"));
        watcher = MqttProbe.connect(broker.url(), "watcher", DynsecMosquitto.ADMIN, Files.readString(broker.adminPasswordFile()), null);
        assertThat(watcher.subscribe("cairn/#")).isEqualTo(1);   // the admin's role (dynsec init) may read everything
    }

    @AfterAll
    static void stop() {
        watcher.close();
        broker.close();
    }

    @AfterEach
    void closeProbes() {
        probes.forEach(MqttProbe::close);
        watcher.received.clear();
    }

    int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("CAIRN_CTL_HOME", tmp.resolve("home").toString(), "CAIRN_BROKER", broker.url());
        return new Cairnctl(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(args);
    }

    /** {@code args} followed by the Mosquitto backend and its admin. */
    int mosquitto(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--mosquitto", "--username", DynsecMosquitto.ADMIN, "--password-file", broker.adminPasswordFile().toString()));
        return run(all.toArray(String[]::new));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A bundle JAR whose manifest declares {@code grants} as bnd writes {@code @BusGrants}. */
    Path jar(String name, String grants) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "it." + name);
        m.getMainAttributes().putValue("Provide-Capability", "cairn.bus.grants;" + grants);
        Path jar = tmp.resolve(name + ".jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return jar;
    }

    /** Enrolls {@code node} with the JARs and returns its conf/ folder. */
    Path enroll(String node, Path... jars) {
        Path conf = tmp.resolve(node + "-conf");
        List<String> args = new ArrayList<>(List.of("enroll", node, "--out", conf.toString()));
        for (Path j : jars) args.addAll(List.of("--bundle", j.toString()));
        assertThat(mosquitto(args.toArray(String[]::new))).as(err()).isZero();
        return conf;
    }

    /** Connects as the node with the credential its files hold, as its MQTT transport will. */
    MqttProbe node(String node, Path conf) throws Exception {
        MqttProbe p = MqttProbe.connect(broker.url(), node, user(conf), Files.readString(conf.resolve("mqtt.password")), null);
        probes.add(p);
        return p;
    }

    static String user(Path conf) throws Exception {
        return Files.readAllLines(conf.resolve("dev.cairn.mqtt.cfg")).stream().filter(l -> l.startsWith("username"))
                .map(l -> l.substring(l.indexOf('=') + 1).trim()).findFirst().orElseThrow();
    }

    /** The PUBACK's code, or -1 when Mosquitto closed the connection first (it closes it after a refused publish). */
    static int publish(MqttProbe p, String topic, String payload) {
        try {
            return p.publish(topic, payload, false);
        } catch (MqttException e) {
            return -1;
        }
    }

    @Test
    void aClientWithoutCredentialsOrWithAWrongPasswordIsRefused() throws Exception {
        assertThatThrownBy(() -> MqttProbe.connect(broker.url(), "anon", null, null, null))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isIn(0x86, NOT_AUTHORIZED));
        Path conf = enroll("wrong-pw");
        assertThatThrownBy(() -> MqttProbe.connect(broker.url(), "wrong-pw", "wrong-pw", "not-" + Files.readString(conf.resolve("mqtt.password")), null))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isIn(0x86, NOT_AUTHORIZED));
    }

    @Test
    void anEnrolledNodeConnectsWithItsPasswordFileAndPublishesItsGrantedEventsAndItsPresence() throws Exception {
        Path conf = enroll("gh-1", jar("sensors", "publish:List<String>=\"sensors/#\""));
        assertThat(out()).contains("publish    cairn/bus/sensors/#", "bundle grant", "sensors.jar: publish sensors/#");

        MqttProbe node = node("gh-1", conf);
        assertThat(node.publish("cairn/bus/sensors/gh", "21.5", false)).isZero();
        assertThat(node.publish("cairn/node/gh-1/status", "{\"status\":\"online\"}", true)).isZero();

        assertThat(watcher.next()).isEqualTo(new MqttProbe.Received("cairn/bus/sensors/gh", "21.5", false));
        assertThat(watcher.next().topic()).isEqualTo("cairn/node/gh-1/status");
        assertThat(node.subscribe("$share/cairn/cairn/svc/mgmt/gh-1")).as("its management, as the agent serves it").isEqualTo(1);
        assertThat(node.subscribe("cairn/reply/gh-1")).isEqualTo(1);
    }

    @Test
    void aNodeWithoutTheGrantReachesNoSubscriberAndIsCutOffByMosquitto() throws Exception {
        Path conf = enroll("plain-1", jar("other", "publish:List<String>=\"other/#\""));
        MqttProbe node = node("plain-1", conf);

        int code = publish(node, "cairn/bus/sensors/gh", "forbidden");
        assertThat(code).isIn(NOT_AUTHORIZED, -1);
        // Mosquitto 2.0.11 closes an MQTT 5 connection after a publish it refused (QoS 0 and 1): the node comes back
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.isConnected());
        MqttProbe again = node("plain-1", conf);
        assertThat(again.publish("cairn/bus/other/x", "allowed", false)).isZero();

        assertThat(watcher.next()).as("the refused event never reached the subscriber; the allowed one after it did")
                .isEqualTo(new MqttProbe.Received("cairn/bus/other/x", "allowed", false));
    }

    @Test
    void onlyANodeThatServesATopicJoinsItsSharedSubscriptionAndThenGetsTheRequestsOfACaller() throws Exception {
        Path plain = enroll("shop-plain");
        Path payments = enroll("shop-pay", jar("payments", "serve:List<String>=\"payments/authorize\""));
        Path orders = enroll("shop-orders", jar("orders", "call:List<String>=\"payments/authorize\""));

        assertThat(node("shop-plain", plain).subscribe("$share/cairn/cairn/svc/payments/authorize")).isEqualTo(NOT_AUTHORIZED);
        MqttProbe server = node("shop-pay", payments);
        assertThat(server.subscribe("$share/cairn/cairn/svc/payments/authorize")).isEqualTo(1);
        assertThat(server.subscribe("$share/cairn/cairn/svc/payments/refund")).isEqualTo(NOT_AUTHORIZED);

        assertThat(node("shop-orders", orders).publish("cairn/svc/payments/authorize", "{\"cents\":100}", false)).isZero();
        assertThat(server.next()).isEqualTo(new MqttProbe.Received("cairn/svc/payments/authorize", "{\"cents\":100}", false));
    }

    @Test
    void aNodeWritesNoOtherNodesPresenceAndSubscribesToNoOtherNodesReplies() throws Exception {
        Path conf = enroll("nosy-1");
        MqttProbe node = node("nosy-1", conf);
        assertThat(node.subscribe("cairn/reply/other")).isEqualTo(NOT_AUTHORIZED);
        assertThat(node.subscribe("cairn/reply/+")).isEqualTo(NOT_AUTHORIZED);
        assertThat(node.subscribe("cairn/svc/mgmt/other")).isEqualTo(NOT_AUTHORIZED);

        assertThat(publish(node, "cairn/node/other/status", "{\"status\":\"offline\"}")).isIn(NOT_AUTHORIZED, -1);
        MqttProbe again = node("nosy-1", conf);
        assertThat(again.publish("cairn/node/nosy-1/status", "{\"status\":\"online\"}", false)).isZero();
        assertThat(watcher.next().topic()).as("only its own presence arrived").isEqualTo("cairn/node/nosy-1/status");
    }

    @Test
    void aWideGrantStillGetsNoOtherNodesManagementRequests() throws Exception {
        Path conf = enroll("wide-1", jar("wide", "serve:List<String>=\"#\";subscribe:List<String>=\"#\""));
        Path op = tmp.resolve("op-conf");
        assertThat(mosquitto("enroll", "wide-op", "--operator", "--out", op.toString())).as(err()).isZero();
        MqttProbe node = node("wide-1", conf);
        // Mosquitto lets the filter through (a deny of cairn/svc/mgmt/# does not cover cairn/svc/#) ...
        assertThat(node.subscribe("$share/cairn/cairn/svc/#")).isEqualTo(1);
        MqttProbe operator = MqttProbe.connect(broker.url(), "op-probe", "wide-op", Files.readString(op.resolve("broker.password")), null);
        probes.add(operator);
        MqttProbe caller = node("wide-caller", enroll("wide-caller", jar("caller", "call:List<String>=\"any/thing\"")));

        assertThat(operator.publish("cairn/svc/mgmt/someone-else", "{}", false)).isIn(0, 0x10);
        assertThat(caller.publish("cairn/svc/any/thing", "{}", false)).isZero();
        // ... but its publishClientReceive deny keeps the other node's management request from it; the next request arrives
        assertThat(node.next()).isEqualTo(new MqttProbe.Received("cairn/svc/any/thing", "{}", false));
    }

    @Test
    void revokeCutsOffTheConnectionAtOnceAndTheNodeCannotComeBack() throws Exception {
        Path conf = enroll("gone-1");
        MqttProbe node = node("gone-1", conf);

        assertThat(mosquitto("revoke", "gone-1")).as(err()).isZero();
        assertThat(out()).contains("revoked gone-1");

        assertThat(node.disconnected.get(5, java.util.concurrent.TimeUnit.SECONDS).getReturnCode()).as("administrative action").isEqualTo(0x98);
        assertThatThrownBy(() -> node("gone-1", conf)).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isIn(0x86, NOT_AUTHORIZED));
        // Mosquitto publishes no will for a client it cuts off: cairnctl said offline for it
        MqttProbe.Received status = watcher.next();
        assertThat(status.topic()).isEqualTo("cairn/node/gone-1/status");
        assertThat(JSON.readTree(status.payload()).path("reason").asText()).isEqualTo("revoked");

        assertThat(mosquitto("revoke", "gone-1")).isEqualTo(1);
        assertThat(err()).contains("no client gone-1 at Mosquitto's dynamic security");
    }

    @Test
    void theFilesAreOwnerOnlyAndThePasswordIsNeitherPrintedNorInTheCfg() throws Exception {
        Path conf = tmp.resolve("files-conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("dev.cairn.mqtt.cfg"), "broker.urls = tcp://10.0.0.5:1883\nusername = old\n.password = kept-as-text\noutbox.max.messages = 5000\n");

        assertThat(mosquitto("enroll", "files-1", "--out", conf.toString())).as(err()).isZero();

        String password = Files.readString(conf.resolve("mqtt.password"));
        assertThat(password).matches("[A-Za-z0-9_-]{43}");   // 32 random bytes, base64url
        for (String f : List.of("mqtt.password", "dev.cairn.mqtt.cfg"))
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve(f)))).as(f).isEqualTo("rw-------");
        assertThat(Files.readAllLines(conf.resolve("dev.cairn.mqtt.cfg"))).containsExactly("broker.urls = tcp://10.0.0.5:1883",
                "username = files-1", "outbox.max.messages = 5000", "password.file = conf/mqtt.password");
        assertThat(out() + err()).doesNotContain(password);
        assertThat(Files.list(conf).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mqtt.password", "dev.cairn.mqtt.cfg");

        assertThat(mosquitto("enroll", "files-2", "--out", tmp.resolve("files-2").toString(), "-o", "json")).isZero();
        assertThat(out()).doesNotContain(Files.readString(tmp.resolve("files-2/mqtt.password")));
        assertThat(mosquitto("enroll", "files-3", "--out", tmp.resolve("files-3").toString(), "--show-password")).isZero();
        assertThat(out()).contains(Files.readString(tmp.resolve("files-3/mqtt.password")));
    }

    @Test
    void enrollingAgainIsRefusedUnlessForcedWhichCutsOffTheOldPasswordAtOnce() throws Exception {
        Path conf = enroll("again-1");
        String first = Files.readString(conf.resolve("mqtt.password"));
        MqttProbe node = node("again-1", conf);

        assertThat(mosquitto("enroll", "again-1", "--out", conf.toString())).isEqualTo(1);
        assertThat(err()).contains("again-1 is enrolled at Mosquitto's dynamic security", "--force");
        assertThat(Files.readString(conf.resolve("mqtt.password"))).isEqualTo(first);
        assertThat(node.isConnected()).isTrue();

        assertThat(mosquitto("enroll", "again-1", "--out", conf.toString(), "--force")).as(err()).isZero();
        assertThat(Files.readString(conf.resolve("mqtt.password"))).isNotEqualTo(first);
        assertThat(node.disconnected.get(5, java.util.concurrent.TimeUnit.SECONDS).getReturnCode()).isEqualTo(0x98);
        assertThatThrownBy(() -> MqttProbe.connect(broker.url(), "again-old", "again-1", first, null)).isInstanceOf(MqttException.class);
        assertThat(node("again-1", conf).isConnected()).isTrue();
    }

    @Test
    void grantReplacesTheGrantsAndAccessShowsWhatTheBrokerWillRefuse() throws Exception {
        Path sensors = jar("sensors2", "publish:List<String>=\"sensors/#\"");
        Path fan = jar("fan", "subscribe:List<String>=\"actuators/fan/+\";call:List<String>=\"climate/now\"");
        Path conf = enroll("gh-2", sensors);
        MqttProbe node = node("gh-2", conf);
        String presence = JSON.writeValueAsString(Map.of("node", "gh-2", "status", "online", "bundles", List.of(
                Map.of("name", "it.sensors2", "version", "1.0.0", "state", "ACTIVE", "grants", Map.of("publish", List.of("sensors/#"))),
                Map.of("name", "it.fan", "version", "1.0.0", "state", "ACTIVE",
                        "grants", Map.of("subscribe", List.of("actuators/fan/+"), "call", List.of("climate/now"))))));
        assertThat(node.publish("cairn/node/gh-2/status", presence, true)).isZero();

        assertThat(mosquitto("access", "gh-2")).as(err()).isZero();
        assertThat(out()).contains("ACCESS     TOPIC FILTER", "ALLOW/DENY  WHY", "cairn/node/gh-2/#", "presence", "own replies", "answers",
                "management", "gh-2 is online").containsPattern("publish +cairn/bus/sensors/# +allow +bundle grant");
        assertThat(out()).containsPattern("it\\.sensors2 +publish sensors/# +granted")
                .containsPattern("it\\.fan +subscribe actuators/fan/\\+ +NOT GRANTED AT THE BROKER")
                .containsPattern("it\\.fan +call climate/now +NOT GRANTED AT THE BROKER");
        assertThat(mosquitto("access", "gh-2", "-o", "json")).isZero();
        JsonNode json = JSON.readTree(out());
        assertThat(json.path("notGranted").asInt()).isEqualTo(2);
        assertThat(json.path("rules").get(0).path("why").asText()).isEqualTo("presence");

        assertThat(mosquitto("grant", "gh-2", sensors.toString(), fan.toString())).as(err()).isZero();
        assertThat(out()).containsPattern("subscribe +cairn/bus/actuators/fan/\\+ +allow").containsPattern("publish +cairn/svc/climate/now +allow")
                .contains("disconnected gh-2");
        MqttProbe back = node("gh-2", conf);
        assertThat(back.subscribe("cairn/bus/actuators/fan/+")).isEqualTo(1);
        assertThat(mosquitto("access", "gh-2")).isZero();
        assertThat(out()).doesNotContain("NOT GRANTED AT THE BROKER");

        assertThat(mosquitto("grant", "gh-2", sensors.toString(), fan.toString())).isZero();
        assertThat(out()).contains("unchanged");
        assertThat(back.isConnected()).as("nothing to change, nobody cut off").isTrue();
        assertThat(mosquitto("grant", "nobody", sensors.toString())).isEqualTo(1);
    }

    @Test
    void anOperatorCredentialListsTheFleetButPublishesNoEvents() throws Exception {
        Path dir = tmp.resolve("alice");
        assertThat(mosquitto("enroll", "alice", "--operator", "--out", dir.toString())).as(err()).isZero();
        assertThat(out()).contains("--username alice --password-file " + dir.resolve("broker.password"));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("broker.password");
        assertThat(mosquitto("enroll", "bob", "--operator", "--bundle", jar("x", "publish:List<String>=\"x\"").toString())).isEqualTo(2);

        assertThat(run("keys", "init")).isZero();
        MqttProbe someNode = node("op-seen", enroll("op-seen"));
        assertThat(someNode.publish("cairn/node/op-seen/status", "{\"node\":\"op-seen\",\"status\":\"online\"}", true)).isZero();
        assertThat(run("nodes", "--username", "alice", "--password-file", dir.resolve("broker.password").toString())).as(err()).isZero();
        assertThat(out()).contains("op-seen", "online");

        MqttProbe alice = MqttProbe.connect(broker.url(), "alice-probe", "alice", Files.readString(dir.resolve("broker.password")), null);
        probes.add(alice);
        assertThat(publish(alice, "cairn/bus/sensors/x", "1")).isIn(NOT_AUTHORIZED, -1);
    }

    @Test
    void theWillOfANodeReachesSubscribersOnlyOnItsOwnStatus() throws Exception {
        Path conf = enroll("will-1");
        String password = Files.readString(conf.resolve("mqtt.password"));
        // Mosquitto 2.0.11 accepts a will on a topic the client may not publish, and drops it when it is due
        MqttProbe.connect(broker.url(), "will-1-bad", "will-1", password, "cairn/node/other/status").die();
        MqttProbe.connect(broker.url(), "will-1", "will-1", password, "cairn/node/will-1/status").die();

        MqttProbe.Received will = watcher.next();
        assertThat(will.topic()).isEqualTo("cairn/node/will-1/status");
        assertThat(will.payload()).contains("connection lost");
    }

    @Test
    void aUserWhoIsNotTheAdminIsToldToGiveTheAdmin() throws Exception {
        Path conf = enroll("not-admin");
        assertThat(run("access", "not-admin", "--mosquitto", "--username", "not-admin", "--password-file", conf.resolve("mqtt.password").toString()))
                .isEqualTo(1);
        assertThat(err()).contains("does not let user not-admin administer its dynamic security", "--username and --password-file");
    }
}
