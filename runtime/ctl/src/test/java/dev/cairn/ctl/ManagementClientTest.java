package dev.cairn.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.management.protocol.Keys;
import dev.cairn.management.protocol.Reply;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.mqtt.Mosquitto;
import dev.cairn.mqtt.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ManagementClient against a real Mosquitto and a fake agent that answers as the node's would. */
class ManagementClientTest {
    static Mosquitto broker;
    static final Signer SIGNER = new Signer(Keys.generate());

    @TempDir
    Path tmp;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void broker(@TempDir Path dir) throws Exception {
        broker = Mosquitto.start(dir.resolve("mosquitto"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
    }

    <T extends AutoCloseable> T closed(T c) {
        closing.add(0, c);
        return c;
    }

    FakeAgent agent(String node) throws Exception {
        return closed(new FakeAgent(broker.url(), node, SIGNER.publicKey()));
    }

    ManagementClient client(String url, Signer signer) throws CtlException {
        return closed(ManagementClient.connect(ClientOptions.of(url, signer)));
    }

    ManagementClient client() throws CtlException {
        return client(broker.url(), SIGNER);
    }

    @Test
    void aSignedRequestGetsItsReplyWithTheProtocolsProperties() throws Exception {
        FakeAgent agent = agent("pi-1");
        ManagementClient c = client();

        Reply reply = c.call("pi-1", "node.info", Map.of(), Duration.ofSeconds(5));
        c.call("pi-1", "health", Map.of(), Duration.ofMillis(2500));

        assertThat(reply.ok()).isTrue();
        assertThat(asMap(reply.result())).containsEntry("node", "pi-1");
        FakeAgent.Seen first = agent.seen.get(0), second = agent.seen.get(1);
        assertThat(first.request()).containsKeys("id", "op", "target", "args", "ts", "nonce").containsEntry("target", "pi-1");
        assertThat(reply.id()).isEqualTo(first.request().get("id"));
        assertThat(new String(first.properties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo(reply.id());
        assertThat(first.properties().getResponseTopic()).isEqualTo("cairn/reply/" + c.clientId());
        assertThat(first.properties().getMessageExpiryInterval()).isEqualTo(5L);
        assertThat(second.properties().getMessageExpiryInterval()).isEqualTo(3L);   // rounded up
        assertThat(cairnId(first)).matches(c.clientId() + "/\\d+/q1");
        assertThat(cairnId(second)).matches(c.clientId() + "/\\d+/q2");
        assertThat(first.request().get("nonce")).isNotEqualTo(second.request().get("nonce"));
    }

    @Test
    void aKeyTheNodeDoesNotTrustIsRefusedWithTheKeyNamed() throws Exception {
        agent("pi-1");
        Signer stranger = new Signer(Keys.generate());
        ManagementClient c = client(broker.url(), stranger);

        assertThatThrownBy(() -> c.result("pi-1", "node.info", Map.of(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("refused: signature not trusted (key " + stranger.keyId()
                            + " is not in the node's conf/trusted-keys/)");
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.error()).get().extracting(Reply.Error::code).isEqualTo("UNTRUSTED_KEY");
                });
    }

    @Test
    void aTamperedRequestSentRawIsRefused() throws Exception {
        agent("pi-1");
        ManagementClient c = client();
        Request r = c.request("pi-1", "bundles.list", Map.of());
        var signed = c.sign(r.text());
        var tampered = new dev.cairn.management.protocol.SignedRequest(r.text().replace("bundles.list", "node.info"), signed.key(), signed.sig());

        Reply reply = c.reply("pi-1", c.exchange("pi-1", c.encode(tampered), r.id(), Duration.ofSeconds(5)));

        assertThat(reply.ok()).isFalse();
        assertThat(reply.error().code()).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void anInvalidConfigurationNamesTheField() throws Exception {
        agent("pi-1");
        ManagementClient c = client();

        assertThatThrownBy(() -> c.result("pi-1", "config.put",
                Map.of("pid", "dev.cairn.examples.orders", "properties", Map.of("interval.ms", 5)), Duration.ofSeconds(5)))
                .hasMessage("invalid config: interval.ms must be ≥ 10");
    }

    @Test
    void aNodeNobodyServesIsOfflineAtOnce() throws Exception {
        ManagementClient c = client();
        long start = System.nanoTime();

        assertThatThrownBy(() -> c.call("pi-3", "node.info", Map.of(), Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("no node pi-3 online");
                    assertThat(e.exitCode()).isEqualTo(3);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSilentNodeTimesOut() throws Exception {
        agent("pi-3").silent = true;
        ManagementClient c = client();

        assertThatThrownBy(() -> c.call("pi-3", "node.info", Map.of(), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("node pi-3 did not answer within 0.5 s");
                    assertThat(e.exitCode()).isEqualTo(3);
                });
    }

    @Test
    void aBusFailureOnTheNodeIsReportedWithItsReason() throws Exception {
        agent("pi-1").busError = "HANDLER_FAILED";
        ManagementClient c = client();

        assertThatThrownBy(() -> c.call("pi-1", "node.info", Map.of(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("node pi-1: HANDLER_FAILED (handler exploded)");
                    assertThat(e.kind()).isEqualTo(CtlException.Kind.FAILED);
                });
    }

    @Test
    void aNodeWhoseBusIsNotOpenIsUnreachableNotFailed() throws Exception {
        // what a node answers while it starts or stops, as in a restart into an upgrade: cairnctl upgrade waits on
        agent("pi-1").busError = "CLOSED";
        ManagementClient c = client();

        assertThatThrownBy(() -> c.call("pi-1", "node.info", Map.of(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.getMessage()).startsWith("node pi-1: CLOSED");
                    assertThat(e.kind()).isEqualTo(CtlException.Kind.UNREACHABLE);
                    assertThat(e.exitCode()).isEqualTo(3);
                });
    }

    @Test
    void anUnreachableBrokerIsExitCodeThree() throws Exception {
        Mosquitto down = Mosquitto.notStarted(tmp.resolve("down"));
        assertThatThrownBy(() -> client(down.url(), SIGNER))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.getMessage()).startsWith("cannot reach the broker " + down.url());
                    assertThat(e.exitCode()).isEqualTo(3);
                });
    }

    @Test
    void nodesListsEveryRetainedStatusOfAFleetLargerThanTheBrokersInFlightWindow() throws Exception {
        // 60 statuses: beyond Mosquitto's 20 QoS 1 messages in flight, which an end marker would overtake at QoS 1
        int fleet = 60;
        MqttAsyncClient writer = new MqttAsyncClient(broker.url(), "fleet-writer", new MemoryPersistence());
        writer.connect().waitForCompletion(5000);
        try {
            for (int i = 0; i < fleet; i++) {
                String node = String.format("many-%02d", i);
                MqttMessage m = new MqttMessage(new ObjectMapper().writeValueAsBytes(Map.of("node", node, "status", "offline", "reason", "stopped")));
                m.setQos(1);
                m.setRetained(true);
                writer.publish("cairn/node/" + node + "/status", m).waitForCompletion(5000);
            }
            ManagementClient c = client();
            for (int round = 0; round < 5; round++) {
                assertThat(c.nodes()).extracting(NodeStatus::node).filteredOn(n -> n.startsWith("many-")).hasSize(fleet);
            }
        } finally {
            for (int i = 0; i < fleet; i++) {
                writer.publish(String.format("cairn/node/many-%02d/status", i), new byte[0], 1, true).waitForCompletion(5000);
            }
            writer.disconnect().waitForCompletion(5000);
            writer.close();
        }
    }

    @Test
    void nodesStillListsTheFleetWhenTheBrokersAclRefusesTheEndMarker() throws Exception {
        // a broker whose rules predate the marker: it answers the marker's PUBACK with 0x87 (and this Mosquitto, with
        // max_queued_messages 0, then drops the client), and nodes() falls back to a quiet period
        Path acl = Files.writeString(tmp.resolve("acl"), "topic deny cairn/node/_end/status\ntopic readwrite #\n");
        try (Mosquitto old = Mosquitto.start(tmp.resolve("old-broker"), "acl_file " + acl)) {
            MqttAsyncClient probe = new MqttAsyncClient(old.url(), "marker-probe", new MemoryPersistence());
            probe.connect().waitForCompletion(5000);
            IMqttToken sent = probe.publish("cairn/node/_end/status", new MqttMessage(new byte[] {1}, 1, false, null));
            sent.waitForCompletion(5000);
            assertThat(sent.getReasonCodes()).containsExactly(0x87);
            probe.disconnectForcibly(0, 1000, false);
            probe.close(true);
            FakeAgent edge = closed(new FakeAgent(old.url(), "edge-1", SIGNER.publicKey()));
            edge.announce("online", Map.of("role", "edge"));
            ManagementClient c = client(old.url(), SIGNER);

            assertThat(c.nodes()).extracting(NodeStatus::node).containsExactly("edge-1");
            assertThat(c.nodes()).extracting(NodeStatus::node).containsExactly("edge-1");   // connected again if dropped
            assertThat(c.call("edge-1", "node.info", Map.of(), Duration.ofSeconds(5)).ok()).isTrue();
        }
    }

    @Test
    void nodesComeFromRetainedPresenceAndSelectorsPickOnlineOnes() throws Exception {
        agent("edge-1").announce("online", Map.of("role", "edge"));
        agent("edge-2").announce("offline", Map.of());
        agent("core-1").announce("online", Map.of("role", "core"));
        ManagementClient c = client();

        List<NodeStatus> nodes = c.nodes();

        assertThat(nodes).extracting(NodeStatus::node).containsSubsequence("core-1", "edge-1", "edge-2");
        NodeStatus edge1 = nodes.stream().filter(n -> n.node().equals("edge-1")).findFirst().orElseThrow();
        assertThat(edge1.online()).isTrue();
        assertThat(edge1.labels()).containsEntry("role", "edge");
        assertThat(edge1.handles()).containsExactly("mgmt/edge-1");
        assertThat(nodes.stream().filter(n -> n.node().equals("edge-2")).findFirst().orElseThrow().reason()).isEqualTo("stopped");
        assertThat(c.select(Map.of("role", "edge"))).extracting(NodeStatus::node).containsExactly("edge-1");
    }

    @Test
    void deployUploadsInChunksWithProgressAndIsIdempotent() throws Exception {
        FakeAgent agent = agent("pi-1");
        ManagementClient c = client();
        Path jar = jar("orders.jar", 10_000);
        List<Long> progress = new ArrayList<>();

        Deployed first = c.deploy("pi-1", jar, "orders.jar", 1024, (done, total) -> progress.add(done), Duration.ofSeconds(5));
        Deployed again = c.deploy("pi-1", jar, DeployListener.NONE);
        Files.write(jar, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Deployed changed = c.deploy("pi-1", jar, DeployListener.NONE);

        assertThat(first.action()).isEqualTo("installed");
        assertThat(first.bundle()).containsEntry("file", "orders.jar").containsEntry("state", "ACTIVE");
        assertThat(progress).startsWith(0L, 1024L, 2048L).endsWith(10_000L).isSorted();
        assertThat(again.action()).isEqualTo("unchanged");
        assertThat(changed.action()).isEqualTo("updated");
        assertThat(agent.files.get("orders.jar")).isEqualTo(Files.readAllBytes(jar));
        assertThat(agent.seen).filteredOn(s -> s.op().equals("bundles.update")).isNotEmpty();
    }

    @Test
    void deployResumesFromWhatTheNodeAlreadyHas() throws Exception {
        FakeAgent agent = agent("pi-1");
        ManagementClient c = client();
        Path jar = jar("payments.jar", 5000);
        byte[] bytes = Files.readAllBytes(jar);
        agent.uploads.computeIfAbsent(FakeAgent.sha256(bytes), k -> new java.io.ByteArrayOutputStream()).write(bytes, 0, 3000);
        List<Long> progress = new ArrayList<>();

        Deployed d = c.deploy("pi-1", jar, "payments.jar", 1000, (done, total) -> progress.add(done), Duration.ofSeconds(5));

        assertThat(d.resumedFrom()).isEqualTo(3000);
        assertThat(progress).first().isEqualTo(3000L);
        assertThat(agent.seen).filteredOn(s -> s.request().toString().contains("data=")).hasSize(2);
        assertThat(agent.files.get("payments.jar")).isEqualTo(bytes);
    }

    @Test
    void deploySurvivesADroppedConnectionAndResumes() throws Exception {
        FakeAgent agent = agent("pi-1");
        try (TcpProxy relay = new TcpProxy(broker.port())) {
            ManagementClient c = client(relay.url(), SIGNER);
            Path jar = jar("orders.jar", 20_000);
            AtomicBoolean cut = new AtomicBoolean();
            agent.onChunk = offset -> {
                if (offset == 8000 && cut.compareAndSet(false, true)) relay.cut();   // the chunk arrives, its reply cannot
            };
            List<String> reconnects = new ArrayList<>();
            DeployListener listener = new DeployListener() {
                @Override
                public void progress(long done, long total) {}

                @Override
                public void reconnecting(int attempt, String reason) {
                    reconnects.add(reason);
                }
            };

            Deployed d = c.deploy("pi-1", jar, "orders.jar", 2000, listener, Duration.ofSeconds(5));

            assertThat(cut).isTrue();
            assertThat(reconnects).hasSize(1);
            assertThat(d.action()).isEqualTo("installed");
            assertThat(agent.files.get("orders.jar")).isEqualTo(Files.readAllBytes(jar));
            long probes = agent.seen.stream().filter(s -> s.op().equals("bundles.install") && !s.request().toString().contains("data=")).count();
            assertThat(probes).isEqualTo(2);   // at the start and after the reconnect
        }
    }

    @Test
    void aStatusTheBrokerClearedDisappears() throws Exception {
        FakeAgent agent = agent("gone-1");
        agent.announce("online", Map.of());
        ManagementClient c = client();
        await().atMost(Duration.ofSeconds(5)).until(() -> c.nodes().stream().anyMatch(n -> n.node().equals("gone-1")));

        agent.clearPresence();

        await().atMost(Duration.ofSeconds(5)).until(() -> c.nodes().stream().noneMatch(n -> n.node().equals("gone-1")));
    }

    @Test
    void closeSaysGoodbyeToTheBrokerAndKeepsTheCallersInterruptStatus() throws Exception {
        Path dir = tmp.resolve("own-broker");
        try (Mosquitto own = Mosquitto.start(dir)) {
            ManagementClient plain = ManagementClient.connect(ClientOptions.of(own.url(), SIGNER));
            plain.close();
            assertThat(Thread.currentThread().isInterrupted()).as("no interrupt left behind").isFalse();

            ManagementClient interrupted = ManagementClient.connect(ClientOptions.of(own.url(), SIGNER));
            Thread.currentThread().interrupt();
            interrupted.close();
            assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();

            // Mosquitto logs "disconnected" for a DISCONNECT packet, "closed its connection" for a dropped socket.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readString(dir.resolve("mosquitto-1.log")))
                    .contains("Client " + plain.clientId() + " disconnected.", "Client " + interrupted.clientId() + " disconnected."));
        }
    }

    private Path jar(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(tmp.resolve(name), bytes);
    }

    private static String cairnId(FakeAgent.Seen s) {
        return s.properties().getUserProperties().stream().filter(u -> u.getKey().equals("cairn-id")).map(UserProperty::getValue)
                .findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
