package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ctl.ClientOptions;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.Signer;
import dev.cairn.management.protocol.Keys;
import dev.cairn.management.protocol.Reply;
import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop over two real nodes and a real Mosquitto, guarded: the order node's circuit breaker on
 * {@code payments/authorize} while the payment node is killed and started again, and the payment handler's rate limit.
 * Both are configuration only: a {@code .cfg} in the node's {@code deploy/}; the shop's code is unchanged.
 */
class BreakerIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Duration LONG = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "payments/authorize";

    @TempDir
    Path tmp;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Mosquitto broker;

    @AfterEach
    void stopAll() {
        nodes.forEach(NodeProcess::close);
        if (broker != null) broker.close();
    }

    /** A node of the fleet with its web endpoints on a free loopback port; returns its base URL through {@code web}. */
    private NodeProcess node(String id, String[] web) throws IOException {
        int port = Http.freePort();
        web[0] = "http://127.0.0.1:" + port;
        NodeProcess n = NodeProcess.install(tmp.resolve(id)).env("CAIRN_NODE_ID", id);
        nodes.add(n);
        n.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        n.conf("dev.cairn.web.cfg", "http.port = " + port + "\n");
        return n;
    }

    private static JsonNode order(String base, long cents) throws Exception {
        return JSON.readTree(Http.post(base + "/api/orders", "application/json", "{\"item\": \"seeds\", \"cents\": " + cents + "}").body());
    }

    /** The order's outcome once it is no longer PENDING. */
    private static JsonNode outcome(String base, JsonNode placed) {
        String id = placed.get("id").asText();
        JsonNode[] last = new JsonNode[1];
        await().atMost(LONG).until(() -> {
            last[0] = JSON.readTree(Http.get(base + "/api/orders/" + id).body());
            return !last[0].get("status").asText().equals("PENDING");
        });
        return last[0];
    }

    private static double metric(String base, String series) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(Http.get(base + "/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void ordersFailFastWhileThePaymentNodeIsDownAndGoThroughAgainWhenItReturns() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        String[] paymentsWeb = new String[1];
        String[] ordersWeb = new String[1];
        NodeProcess payments = node("payments", paymentsWeb).start();
        payments.drop(EXAMPLES.resolve("shop-api.jar"));
        payments.drop(EXAMPLES.resolve("payments.jar"));
        NodeProcess orders = node("orders", ordersWeb).start();
        orders.write("dev.cairn.bus.breaker-payments.cfg",
                "caller = dev.cairn.examples.orders\ntopic = " + TOPIC + "\nfailures = 3\nopen.ms = 5000\n");
        orders.drop(EXAMPLES.resolve("shop-api.jar"));
        orders.drop(EXAMPLES.resolve("orders.jar"));
        String base = ordersWeb[0];
        await().atMost(LONG).until(() -> Http.status(base + "/api/orders/none") == 404);
        assertThat(outcome(base, order(base, 1250)).get("status").asText()).as("across nodes, before anything fails").isEqualTo("APPROVED");
        String breakerState = "cairn_bus_breaker_state{breaker=\"payments\",caller=\"dev.cairn.examples.orders\",topic=\"" + TOPIC + "\"}";
        assertThat(metric(base, breakerState)).isEqualTo(0.0);

        payments.kill();
        // The order service asks again after a time-out or no handler: three failures open the breaker, and then
        // the order fails with the breaker's refusal instead of asking once more.
        JsonNode first = outcome(base, order(base, 1250));
        assertThat(first.get("status").asText()).isEqualTo("FAILED");
        assertThat(first.get("reason").asText()).contains("circuit breaker 'payments'", "after 3 failure(s) in a row", "is not asked until");
        double sent = metric(base, "cairn_mqtt_requests_sent_total");

        JsonNode refused = order(base, 1250);
        assertThat(refused.get("status").asText()).as("refused before the order was even answered over HTTP: no time-out waited for")
                .isEqualTo("FAILED");
        assertThat(refused.get("reason").asText()).contains("circuit breaker 'payments'");
        assertThat(metric(base, "cairn_mqtt_requests_sent_total")).as("nothing was sent to the broker for it").isEqualTo(sent);
        assertThat(metric(base, breakerState)).isGreaterThan(0.0);
        assertThat(metric(base, "cairn_bus_requests_refused_total{reason=\"CIRCUIT_OPEN\",topic=\"" + TOPIC + "\"}")).isGreaterThanOrEqualTo(2.0);
        var health = Http.get(base + "/health");
        assertThat(health.statusCode()).as("degraded, still ready").isEqualTo(200);
        JsonNode h = JSON.readTree(health.body());
        assertThat(h.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(h.toString()).contains("bus-breakers", "circuit breaker 'payments'");

        payments.start();
        await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> outcome(base, order(base, 1250)).get("status").asText().equals("APPROVED"));
        assertThat(metric(base, breakerState)).as("closed again").isEqualTo(0.0);
        assertThat(JSON.readTree(Http.get(base + "/health").body()).get("status").asText()).isEqualTo("UP");
        assertThat(orders.output()).contains("circuit breaker 'payments' (caller dev.cairn.examples.orders, topic payments/authorize) opened",
                "circuit breaker 'payments' (caller dev.cairn.examples.orders, topic payments/authorize) closed");
    }

    @Test
    void requestsOverThePaymentHandlersRateAreRefusedAcrossNodesAndCounted() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        String[] paymentsWeb = new String[1];
        String[] ordersWeb = new String[1];
        NodeProcess payments = node("payments", paymentsWeb).start();
        // the handler's own declaration (a service property), given here through its component's configuration
        payments.write("dev.cairn.examples.payments.cfg", "cairn.bus.rate = 3/h\n");
        payments.drop(EXAMPLES.resolve("shop-api.jar"));
        payments.drop(EXAMPLES.resolve("payments.jar"));
        NodeProcess orders = node("orders", ordersWeb).start();
        orders.drop(EXAMPLES.resolve("shop-api.jar"));
        orders.drop(EXAMPLES.resolve("orders.jar"));
        String base = ordersWeb[0];
        await().atMost(LONG).until(() -> Http.status(base + "/api/orders/none") == 404);
        assertThat(outcome(base, order(base, 1250)).get("status").asText()).isEqualTo("APPROVED");

        List<JsonNode> placed = new ArrayList<>();
        for (int i = 0; i < 4; i++) placed.add(order(base, 1250));
        List<JsonNode> outcomes = placed.stream().map(p -> outcome(base, p)).toList();

        assertThat(outcomes).filteredOn(o -> o.get("status").asText().equals("APPROVED")).hasSize(2);
        assertThat(outcomes).filteredOn(o -> o.get("status").asText().equals("FAILED")).hasSize(2)
                .allSatisfy(o -> assertThat(o.get("reason").asText()).contains("'" + TOPIC + "' takes at most 3/h (declared by dev.cairn.examples.payments)"));
        assertThat(metric(paymentsWeb[0], "cairn_bus_requests_refused_total{reason=\"RATE_LIMITED\",topic=\"" + TOPIC + "\"}")).isEqualTo(2.0);
        assertThat(metric(paymentsWeb[0], "cairn_bus_rate_limit_per_second{topic=\"" + TOPIC + "\"}")).isGreaterThan(0.0);
        assertThat(payments.countLines("PaymentService - ")).as("the refused ones never reached the handler").isEqualTo(3);
    }

    @Test
    void aBreakerConfiguredRemotelyIsCheckedBeforeItIsAppliedAndABadOneIsNamedWhileTheNodeGoesOn() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        KeyPair operator = Keys.generate();
        NodeProcess n = node("n1", new String[1]);
        ManagementIT.trust(n, operator);
        n.start();
        await().atMost(LONG).until(() -> n.output().contains("management requests served on bus topic mgmt/n1;"));
        Duration call = Duration.ofSeconds(20);
        try (ManagementClient ops = ManagementClient.connect(ClientOptions.of(broker.url(), new Signer(operator)))) {
            await().atMost(LONG).ignoreExceptions().until(() -> ops.call("n1", "node.info", Map.of(), call).ok());

            Reply zero = ops.call("n1", "config.put", Map.of("factoryPid", "dev.cairn.bus.breaker", "name", "payments",
                    "properties", Map.of("topic", TOPIC, "failures", 0)), call);
            assertThat(zero.error().code()).isEqualTo("INVALID_CONFIG");
            assertThat(zero.error().message()).isEqualTo("invalid config: failures must be ≥ 1, not 0");
            Reply noTopic = ops.call("n1", "config.put", Map.of("factoryPid", "dev.cairn.bus.breaker", "name", "payments",
                    "properties", Map.of("failures", 3)), call);
            assertThat(noTopic.error().message()).isEqualTo("invalid config: topic is required");

            ops.result("n1", "config.put", Map.of("factoryPid", "dev.cairn.bus.breaker", "name", "payments",
                    "properties", Map.of("caller", "dev.cairn.examples.orders", "topic", TOPIC, "failures", 3, "open.ms", 5000)), call);
            await().atMost(LONG).until(() -> n.output().contains("circuit breaker 'payments' (caller dev.cairn.examples.orders, topic "
                    + TOPIC + ") guards requests: opens after 3 failure(s) in a row, for 5000 ms"));

            // what MetaType cannot tell (a filter's syntax) is refused by the breaker itself, naming the key
            ops.result("n1", "config.put", Map.of("factoryPid", "dev.cairn.bus.breaker", "name", "bad",
                    "properties", Map.of("topic", "payments/#/authorize")), call);
            await().atMost(LONG).until(() -> n.output().contains("circuit breaker dev.cairn.bus.breaker~bad not made: topic is not a topic or filter:"
                    + " invalid filter 'payments/#/authorize': '#' must be the last level"));
            assertThat(ops.call("n1", "node.info", Map.of(), call).ok()).as("the node goes on").isTrue();
        }
    }
}
