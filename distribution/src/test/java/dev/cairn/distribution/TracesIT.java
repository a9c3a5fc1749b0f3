package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.distribution.Cairnctl.Result;
import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shop order's trace, read with cairnctl from real nodes over a real Mosquitto: across two nodes it is one trace
 * with spans on both, parents across them; in a monolith the same tree, every hop local.
 */
class TracesIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Duration LONG = Duration.ofSeconds(90);
    private static final String ORDERS = "dev.cairn.examples.orders";
    private static final String PAYMENTS = "dev.cairn.examples.payments";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Mosquitto broker;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        assertThat(cairnctl("keys", "init").exit()).isZero();
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(NodeProcess::close);
        if (broker != null) broker.close();
    }

    private NodeProcess node(String id, String... services) throws Exception {
        return node(id, true, services);
    }

    /** {@code traceInConf}: tracing on from conf/ at start, else turned on with cairnctl config set before the services come. */
    private NodeProcess node(String id, boolean traceInConf, String... services) throws Exception {
        NodeProcess n = NodeProcess.install(tmp.resolve(id)).env("CAIRN_NODE_ID", id);
        nodes.add(n);
        n.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        if (traceInConf) n.conf("dev.cairn.bus.trace.json", "{ \"enabled\": true }");
        Path keys = Files.createDirectories(n.home.resolve("conf/trusted-keys"));
        Files.copy(tmp.resolve("ctl/cairnctl.pub"), keys.resolve("operator.pub"));
        n.start();
        await().atMost(LONG).until(() -> n.output().contains("connected to"));
        if (!traceInConf) {
            await().atMost(LONG).ignoreExceptions().until(() -> cairnctl("config", "set", id, "dev.cairn.bus.trace", "enabled=true").exit() == 0);
            await().atMost(LONG).until(() -> n.output().contains("bus tracing is on"));
        }
        n.drop(EXAMPLES.resolve("shop-api.jar"));
        for (String s : services) {
            if (s.equals("orders")) n.write(ORDERS + ".cfg", "demo.orders = 3\ninterval.ms = 20\n");
            n.drop(EXAMPLES.resolve(s + ".jar"));
        }
        return n;
    }

    private Result cairnctl(String... args) throws IOException, InterruptedException {
        return new Cairnctl(tmp.resolve("ctl"), tmp).broker(broker.url()).run(args);
    }

    private List<Map<String, Object>> json(Result r) throws IOException {
        assertThat(r.exit()).as(r.toString()).isZero();
        return JSON.readValue(r.out(), new TypeReference<>() { });
    }

    /** The spans of one order's authorization as cairnctl shows them, read on the node that placed it. */
    private List<Map<String, Object>> orderTrace(String ordersNode) throws Exception {
        List<Map<String, Object>> recent = json(cairnctl("traces", ordersNode, "-n", "50", "-o", "json"));
        Map<String, Object> first = recent.stream().filter(s -> "REQUEST".equals(s.get("kind")) && "payments/authorize".equals(s.get("topic")))
                .findFirst().orElseThrow(() -> new AssertionError("no authorization among " + recent));
        String id = (String) first.get("traceId");
        Result tree = cairnctl("trace", id);
        assertThat(tree.exit()).as(tree.toString()).isZero();
        assertThat(tree.out()).contains("REQUEST").contains("  SERVE").contains("    PUBLISH");
        return json(cairnctl("trace", id, "-o", "json"));
    }

    @Test
    void anOrderAcrossTwoNodesIsOneTraceWithSpansOnBothAndTheMonolithGivesTheSameTreeAllLocal() throws Exception {
        NodeProcess payments = node("payments", "payments");
        await().atMost(LONG).until(() -> payments.row(PAYMENTS).filter(r -> r.state().equals("ACTIVE")).isPresent());
        NodeProcess orders = node("orders", "orders");
        await().atMost(LONG).until(() -> orders.output().contains("demo done: 3 orders"));

        List<Map<String, Object>> split = orderTrace("orders");
        assertThat(split).extracting(s -> s.get("kind") + "@" + s.get("node") + (Boolean.TRUE.equals(s.get("remote")) ? " remote" : " local"))
                .containsExactly("REQUEST@orders remote", "SERVE@payments remote", "PUBLISH@payments local");
        Map<String, Object> request = split.get(0), serve = split.get(1), publish = split.get(2);
        assertThat(request.get("parentId")).isNull();
        assertThat(serve.get("parentId")).as("the serve on node payments is the request's child").isEqualTo(request.get("spanId"));
        assertThat(publish.get("parentId")).isEqualTo(serve.get("spanId"));
        assertThat(split).extracting(s -> s.get("traceId")).containsOnly(request.get("traceId"));
        assertThat(List.of(request.get("caller"), request.get("callee"), serve.get("caller"), serve.get("callee")))
                .containsExactly(ORDERS, PAYMENTS, ORDERS, PAYMENTS);
        assertThat(publish.get("topic")).isEqualTo("payments/done");

        nodes.forEach(NodeProcess::close);
        nodes.clear();
        NodeProcess monolith = node("monolith", false, "payments", "orders");
        await().atMost(LONG).until(() -> monolith.output().contains("demo done: 3 orders"));

        List<Map<String, Object>> mono = orderTrace("monolith");
        assertThat(mono).extracting(s -> s.get("kind") + " " + s.get("topic") + " " + s.get("caller") + "→" + s.get("callee") + " depth " + s.get("depth"))
                .as("the same tree as across nodes").isEqualTo(split.stream()
                        .map(s -> s.get("kind") + " " + s.get("topic") + " " + s.get("caller") + "→" + s.get("callee") + " depth " + s.get("depth")).toList());
        assertThat(mono).allSatisfy(s -> {
            assertThat(s.get("node")).isEqualTo("monolith");
            assertThat(s.get("remote")).isEqualTo(false);
        });
    }
}
