package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.ctl.ClientOptions;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.Deployed;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.RawReply;
import dev.cairn.ctl.Request;
import dev.cairn.ctl.Signer;
import dev.cairn.management.protocol.Keys;
import dev.cairn.management.protocol.Reply;
import dev.cairn.management.protocol.SignedRequest;
import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote management of a real node through a real Mosquitto, as cairnctl does it. */
class ManagementIT {
    static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration CALL = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    private Mosquitto broker;
    private NodeProcess node;
    private ManagementClient ops;
    private final KeyPair operator = Keys.generate();

    @BeforeEach
    void startNode() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        node = NodeProcess.install(tmp.resolve("n1")).env("CAIRN_NODE_ID", "n1");
        node.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        trust(node, operator);
        node.start();
        await().atMost(WAIT).until(() -> node.output().contains("management requests served on bus topic mgmt/n1;"));
        ops = ManagementClient.connect(ClientOptions.of(broker.url(), new Signer(operator)));
        await().atMost(WAIT).ignoreExceptions().until(() -> ops.call("n1", "node.info", Map.of(), CALL).ok());
    }

    @AfterEach
    void stopAll() {
        if (ops != null) ops.close();
        if (node != null) node.close();
        if (broker != null) broker.close();
    }

    static void trust(NodeProcess n, KeyPair key) throws IOException {
        Path dir = Files.createDirectories(n.home.resolve("conf/trusted-keys"));
        Files.writeString(dir.resolve("operator-" + Keys.id(key.getPublic()) + ".pub"), Keys.publicPem(key.getPublic()));
    }

    @Test
    void aRunningComponentIsReconfiguredRemotelyAndAnInvalidValueIsRefusedWhileTheOldStays() throws Exception {
        node.drop(EXAMPLES.resolve("hello.jar"));
        await().atMost(WAIT).until(() -> node.output().contains("Hello"));

        Object put = ops.result("n1", "config.put", Map.of("pid", "dev.cairn.examples.hello",
                "properties", Map.of("greeting.name", "remote operator")), CALL);
        assertThat(put).asString().contains("remote operator");
        await().atMost(WAIT).until(() -> node.output().contains("remote operator"));

        node.drop(EXAMPLES.resolve("shop-api.jar"));
        node.drop(EXAMPLES.resolve("orders.jar"));
        await().atMost(WAIT).until(() -> node.row("orders.jar").map(r -> r.state().equals("ACTIVE")).orElse(false));
        ops.result("n1", "config.put", Map.of("pid", "dev.cairn.examples.orders", "properties", Map.of("interval.ms", 250)), CALL);
        Reply refused = ops.call("n1", "config.put", Map.of("pid", "dev.cairn.examples.orders",
                "properties", Map.of("interval.ms", 0)), CALL);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error().code()).isEqualTo("INVALID_CONFIG");
        assertThat(refused.error().field()).isEqualTo("interval.ms");
        assertThat(refused.error().message()).isEqualTo("invalid config: interval.ms must be ≥ 1, not 0");
        Reply wrongType = ops.call("n1", "config.put", Map.of("pid", "dev.cairn.examples.orders",
                "properties", Map.of("demo.orders", "many")), CALL);
        assertThat(wrongType.error().message()).isEqualTo("invalid config: demo.orders must be a whole number, not 'many'");
        assertThat(ops.result("n1", "config.get", Map.of("pid", "dev.cairn.examples.orders"), CALL))
                .asString().contains("interval.ms=250").doesNotContain("demo.orders=many");
    }

    @Test
    void aRemoteChangeToAConfigurationFromAFileIsWrittenToThatFileSoARestartKeepsIt() throws Exception {
        node.drop(EXAMPLES.resolve("hello.jar"));
        node.write("dev.cairn.examples.hello.json", "{ \"greeting.name\": \"from a file\" }");
        node.write("it.plain.cfg", "colour = red\n");
        node.write("it.gone.cfg", "shape = round\n");
        await().atMost(WAIT).until(() -> node.output().contains("from a file"));
        await().atMost(WAIT).ignoreExceptions().until(() -> ops.call("n1", "config.get", Map.of("pid", "it.plain"), CALL).ok());

        ops.result("n1", "config.put", Map.of("pid", "dev.cairn.examples.hello", "properties", Map.of("greeting.name", "from afar")), CALL);
        ops.result("n1", "config.put", Map.of("pid", "it.plain", "properties", Map.of("colour", "blue")), CALL);
        await().atMost(WAIT).until(() -> node.output().contains("from afar"));
        await().atMost(WAIT).until(() -> Files.readString(node.deploy().resolve("dev.cairn.examples.hello.json")).contains("from afar"));
        await().atMost(WAIT).until(() -> Files.readString(node.deploy().resolve("it.plain.cfg")).contains("blue"));
        await().atMost(WAIT).ignoreExceptions().until(() -> ops.call("n1", "config.get", Map.of("pid", "it.gone"), CALL).ok());
        ops.result("n1", "config.delete", Map.of("pid", "it.gone"), CALL);
        assertThat(node.deploy().resolve("it.gone.cfg")).as("deleted with its configuration").doesNotExist();

        node.stop();
        node.start();
        await().atMost(WAIT).ignoreExceptions().until(() -> ops.call("n1", "node.info", Map.of(), CALL).ok());
        assertThat(ops.result("n1", "config.get", Map.of("pid", "dev.cairn.examples.hello"), CALL)).asString().contains("greeting.name=from afar");
        assertThat(ops.result("n1", "config.get", Map.of("pid", "it.plain"), CALL)).asString().contains("colour=blue");
        assertThat(ops.call("n1", "config.get", Map.of("pid", "it.gone"), CALL).ok()).as("a deleted configuration stays deleted").isFalse();
    }

    @Test
    void aFactoryConfigurationIsCheckedForRequiredKeysRangesAndOptionsBeforeItIsCreated() throws Exception {
        Path dist = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
        node.write("dev.cairn.hardware.pi4j.cfg", "platform = mock\n");
        try (var jars = Files.list(dist.resolve("hardware"))) {
            for (Path jar : jars.sorted().toList()) node.drop(jar);
        }
        await().atMost(WAIT).until(() -> node.row("hardware-gpio.jar").map(r -> r.state().equals("ACTIVE")).orElse(false));
        String input = "dev.cairn.hardware.gpio.input";

        Reply noName = ops.call("n1", "config.put", Map.of("factoryPid", input, "name", "button", "properties", Map.of("pin", 27)), CALL);
        assertThat(noName.error().message()).isEqualTo("invalid config: name is required");
        assertThat(noName.error().field()).isEqualTo("name");
        Reply badPull = ops.call("n1", "config.put", Map.of("factoryPid", input, "name", "button",
                "properties", Map.of("name", "button", "pin", 27, "pull", "sideways")), CALL);
        assertThat(badPull.error().message()).isEqualTo("invalid config: pull must be one of off, up, down, not sideways");
        Reply badPin = ops.call("n1", "config.put", Map.of("factoryPid", input, "name", "button",
                "properties", Map.of("name", "button", "pin", 99)), CALL);
        assertThat(badPin.error().message()).isEqualTo("invalid config: pin must be ≤ 53, not 99");
        assertThat(ops.result("n1", "config.list", Map.of(), CALL)).asString().doesNotContain(input + "~button");

        Object created = ops.result("n1", "config.put", Map.of("factoryPid", input, "name", "button",
                "properties", Map.of("name", "button", "pin", "27", "pull", "up")), CALL);
        assertThat(created).asString().contains("pid=" + input + "~button", "pin=27", "checked=true");
        await().atMost(WAIT).until(() -> node.output().contains("GPIO27"));
    }

    @Test
    void theAgentsOwnConfigurationChangesRemotelyWithoutDroppingARequestOrForgettingANonce() throws Exception {
        Request once = ops.request("n1", "node.info", Map.of());
        SignedRequest signedOnce = ops.sign(once.text());
        assertThat(ops.reply("n1", ops.exchange("n1", ops.encode(signedOnce), once.id(), CALL)).ok()).isTrue();

        Reply tooSmall = ops.call("n1", "config.put", Map.of("pid", "dev.cairn.management", "properties", Map.of("clock.skew.seconds", 0)), CALL);
        assertThat(tooSmall.error().message()).isEqualTo("invalid config: clock.skew.seconds must be ≥ 1, not 0");
        ops.result("n1", "config.put", Map.of("pid", "dev.cairn.management", "properties", Map.of("clock.skew.seconds", 30)), CALL);
        // at once, with no wait for a re-subscription: the agent kept serving
        assertThat(ops.result("n1", "node.info", Map.of(), CALL)).asString().contains("node=n1");
        assertThat(raw(signedOnce)).isEqualTo("REPLAYED");
        Request old = ops.request("n1", "node.info", Map.of(), Instant.now().minusSeconds(45), "skewed-45s");
        assertThat(raw(ops.sign(old.text()))).as("45 s is outside the new 30 s window").isEqualTo("EXPIRED");
    }

    @Test
    void secretsAreMaskedInRepliesAndNeverLogged() throws Exception {
        ops.result("n1", "config.put", Map.of("pid", "it.secrets", "properties",
                Map.of("api.token", "tok-12345", ".password", "pw-67890", "user", "alice")), CALL);
        Object got = ops.result("n1", "config.get", Map.of("pid", "it.secrets"), CALL);
        assertThat(got).asString().contains("user=alice", "api.token=******", ".password=******").doesNotContain("tok-12345", "pw-67890");
        // the mask sent back keeps the secret; a new value replaces it
        ops.result("n1", "config.put", Map.of("pid", "it.secrets", "properties", Map.of("api.token", "******", "user", "bob")), CALL);
        assertThat(ops.result("n1", "config.list", Map.of(), CALL)).asString().contains("user=bob").doesNotContain("tok-12345");
        assertThat(node.output()).doesNotContain("tok-12345", "pw-67890");
    }

    @Test
    void aBundleDeployedOverMqttRunsAndOneThatFailsToStartIsRolledBack() throws Exception {
        TestBundles jars = new TestBundles(tmp.resolve("jars"));
        Path v1 = jars.bundle("service.jar", "it.service", "1.0.0", Map.of());
        Deployed first = ops.deploy("n1", v1, null);
        assertThat(first.action()).isEqualTo("installed");
        assertThat(first.bundle()).containsEntry("state", "ACTIVE").containsEntry("version", "1.0.0");
        assertThat(node.deploy().resolve("service.jar")).exists();

        Path broken = new TestBundles(tmp.resolve("jars2")).bundle("service.jar", "it.service", "2.0.0",
                Map.of("Bundle-Activator", "dev.cairn.distribution.fixtures.ThrowingActivator", "Import-Package", "org.osgi.framework"),
                dev.cairn.distribution.fixtures.ThrowingActivator.class);
        assertThatThrownBy(() -> ops.deploy("n1", broken, null))
                .isInstanceOfSatisfying(CtlException.class, e -> assertThat(e.error().orElseThrow().code()).isEqualTo("ROLLED_BACK"))
                .hasMessageContaining("boom: the sensor is not plugged in")
                .hasMessageContaining("rolled back to it.service 1.0.0");
        assertThat(ops.bundles("n1", CALL)).filteredOn(b -> "it.service".equals(b.get("name")))
                .singleElement().satisfies(b -> assertThat(b).containsEntry("state", "ACTIVE").containsEntry("version", "1.0.0"));
        assertThat(Files.readAllBytes(node.deploy().resolve("service.jar"))).isEqualTo(Files.readAllBytes(v1));

        Path missingImport = new TestBundles(tmp.resolve("jars3")).bundle("other.jar", "it.other", "1.0.0",
                Map.of("Import-Package", "com.example.nowhere"));
        assertThatThrownBy(() -> ops.deploy("n1", missingImport, null))
                .hasMessageContaining("com.example.nowhere").hasMessageContaining("removed it again");
        assertThat(node.deploy().resolve("other.jar")).doesNotExist();

        ops.result("n1", "bundles.stop", Map.of("bundle", "it.service"), CALL);
        assertThat(node.row("it.service").orElseThrow().state()).isEqualTo("RESOLVED");
        ops.result("n1", "bundles.uninstall", Map.of("bundle", "it.service"), CALL);
        assertThat(node.deploy().resolve("service.jar")).doesNotExist();
        assertThat(ops.call("n1", "bundles.stop", Map.of("bundle", "dev.cairn.bus"), CALL).error().message())
                .contains("part of the node's platform");
    }

    @Test
    void eachKindOfBadRequestIsRefusedWithItsOwnCode() throws Exception {
        assertThat(raw(new SignedRequest(text("node.info"), null, null))).isEqualTo("UNSIGNED");
        ManagementClient stranger = ManagementClient.connect(ClientOptions.of(broker.url(), new Signer(Keys.generate())));
        try {
            assertThat(stranger.call("n1", "node.info", Map.of(), CALL).error().code()).isEqualTo("UNTRUSTED_KEY");
        } finally {
            stranger.close();
        }
        SignedRequest good = ops.sign(text("node.info"));
        assertThat(raw(new SignedRequest(good.request().replace("node.info", "bundles.list"), good.key(), good.sig()))).isEqualTo("BAD_SIGNATURE");
        Request once = ops.request("n1", "node.info", Map.of());
        SignedRequest signedOnce = ops.sign(once.text());
        assertThat(ops.reply("n1", ops.exchange("n1", ops.encode(signedOnce), once.id(), CALL)).ok()).isTrue();
        assertThat(raw(signedOnce)).isEqualTo("REPLAYED");
        Request old = ops.request("n1", "node.info", Map.of(), Instant.now().minusSeconds(300), "old-nonce");
        assertThat(raw(ops.sign(old.text()))).isEqualTo("EXPIRED");
        assertThat(raw(ops.sign(ops.request("n2", "node.info", Map.of()).text()))).isEqualTo("BAD_REQUEST");
        assertThat(ops.call("n1", "no.such.op", Map.of(), CALL).error().code()).isEqualTo("UNKNOWN_OP");
        assertThat(ops.result("n1", "node.info", Map.of(), CALL)).asString().contains("node=n1");

        // counted, and the counts served over MQTT as the metrics op (the same samples as /metrics)
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) ops.result("n1", "metrics", Map.of(), CALL);
        for (String code : List.of("UNSIGNED", "UNTRUSTED_KEY", "BAD_SIGNATURE", "REPLAYED", "EXPIRED")) {
            assertThat(samples).as(code).anySatisfy(s -> {
                assertThat(s.get("name")).asString().startsWith("cairn_management_refused");
                assertThat(s.get("labels")).asString().contains("code=" + code);
                assertThat(((Number) s.get("value")).doubleValue()).isEqualTo(1.0);
            });
        }
        assertThat(ops.result("n1", "health", Map.of(), CALL)).asString().contains("live=true");
    }

    private String text(String op) {
        return ops.request("n1", op, Map.of()).text();
    }

    /** Sends a signed request as it is and returns the error code of the reply. */
    private String raw(SignedRequest signed) throws CtlException {
        String id = "raw-" + System.nanoTime();
        RawReply r = ops.exchange("n1", ops.encode(signed), id, CALL);
        Reply reply = ops.reply("n1", r);
        assertThat(reply.ok()).as("refused").isFalse();
        return reply.error().code();
    }

    @Test
    void tenThousandRandomAndMutatedRequestsAreEachAnsweredWithAnErrorAndTheNodeStaysUp() throws Exception {
        java.util.Random random = new java.util.Random(20261122);
        String valid = new String(ops.encode(ops.sign(text("node.info"))), StandardCharsets.UTF_8);
        int answered = 0, errors = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] payload = switch (i % 4) {
                case 0 -> mutate(valid.getBytes(StandardCharsets.UTF_8), random);
                case 1 -> randomBytes(random);
                case 2 -> ops.encode(ops.sign(randomRequest(random)));
                default -> ("{\"request\":" + quoted(randomRequest(random)) + ",\"key\":\"" + ops.keyId() + "\",\"sig\":\"AAAA\"}").getBytes(StandardCharsets.UTF_8);
            };
            RawReply r = ops.exchange("n1", payload, "fuzz-" + i, CALL);
            answered++;
            if (r.busFailed()) {
                errors++;
                continue;
            }
            Reply reply = ops.reply("n1", r);
            if (!reply.ok()) errors++;
        }
        assertThat(answered).isEqualTo(10_000);
        assertThat(errors).isEqualTo(10_000);
        assertThat(ops.result("n1", "node.info", Map.of(), CALL)).asString().contains("node=n1");
        assertThat(node.output()).doesNotContain("Exception in thread");
    }

    /** A request text a trusted key signs but that is wrong in some way: unknown ops, missing or odd args. */
    private String randomRequest(java.util.Random random) {
        String[] ops = {"node.infx", "bundles.start", "bundles.stop", "config.get", "config.put", "config.delete", "bundles.install", "", "x"};
        String[] args = {"{}", "{\"bundle\":\"no.such.bundle\"}", "{\"pid\":42}", "{\"bundle\":\"0\"}", "{\"file\":\"../x.jar\",\"size\":1,\"sha256\":\"00\"}",
                "{\"pid\":\"nope.nothing\"}", "{\"properties\":[]}", "[]", "null", "\"text\""};
        String op = ops[random.nextInt(ops.length)];
        return "{\"id\":\"f" + random.nextInt() + "\",\"op\":\"" + op + "\",\"target\":\"n1\",\"args\":" + args[random.nextInt(args.length)]
                + ",\"ts\":" + System.currentTimeMillis() + ",\"nonce\":\"" + Long.toHexString(random.nextLong()) + random.nextInt() + "\"}";
    }

    /**
     * Changes 1 to 4 characters of the signed text inside the envelope: never a no-op, so no mutant can be
     * the valid request itself (a change in the signature's base64 padding bits could be).
     */
    private static byte[] mutate(byte[] valid, java.util.Random random) {
        byte[] b = valid.clone();
        int from = new String(valid, StandardCharsets.UTF_8).indexOf("{\\\"") + 1, to = new String(valid, StandardCharsets.UTF_8).indexOf("\",\"key\"");
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = from + random.nextInt(to - from);
            byte c;
            do c = (byte) (32 + random.nextInt(95)); while (c == b[at]);
            b[at] = c;
        }
        return b;
    }

    private static byte[] randomBytes(java.util.Random random) {
        byte[] b = new byte[1 + random.nextInt(300)];
        random.nextBytes(b);
        return b;
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
