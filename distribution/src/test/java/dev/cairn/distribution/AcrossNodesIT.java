package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same bundles as a monolith and spread over nodes, with real node processes and a real Mosquitto:
 * placement is the only difference.
 */
class AcrossNodesIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Mosquitto broker;

    @AfterEach
    void stopAll() {
        nodes.forEach(NodeProcess::close);
        if (broker != null) broker.close();
    }

    private NodeProcess node(String id) throws IOException {
        NodeProcess n = NodeProcess.install(tmp.resolve(id)).env("CAIRN_NODE_ID", id);
        nodes.add(n);
        if (broker != null) {
            // Provisioned in conf/, as a node is: connected before any application bundle starts.
            n.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        }
        return n;
    }

    private static void shop(NodeProcess n, String... services) throws IOException {
        n.drop(EXAMPLES.resolve("shop-api.jar"));
        for (String s : services) n.drop(EXAMPLES.resolve(s + ".jar"));
    }

    /** "order-3: approved" lines of the order service, sorted: what the shop decided. */
    private static List<String> outcomes(NodeProcess n) {
        return n.output().lines().filter(l -> l.contains("OrderService - order-"))
                .map(l -> l.substring(l.indexOf("order-"))).sorted().toList();
    }

    @Test
    void theShopDecidesTheSameAsAMonolithAndAsMicroservices() throws Exception {
        NodeProcess monolith = node("monolith").start();
        monolith.write("dev.cairn.examples.orders.cfg", "demo.orders = 10\ninterval.ms = 20\n");
        shop(monolith, "payments", "orders");
        await().atMost(LONG).until(() -> monolith.output().contains("demo done: 10 orders"));

        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        NodeProcess payments = node("payments").start();
        shop(payments, "payments");
        await().atMost(LONG).until(() -> payments.output().contains("connected to"));
        NodeProcess orders = node("orders").start();
        orders.write("dev.cairn.examples.orders.cfg", "demo.orders = 10\ninterval.ms = 20\n");
        shop(orders, "orders");
        await().atMost(LONG).until(() -> orders.output().contains("demo done: 10 orders"));

        assertThat(outcomes(orders)).hasSize(10).isEqualTo(outcomes(monolith));
        assertThat(orders.output()).contains("demo done: 10 orders, 6 approved, 4 declined");
        assertThat(payments.countLines("PaymentService - order-")).as("served by the other node").isEqualTo(10);
        assertThat(orders.countLines("PaymentService")).isZero();
    }

    @Test
    void twoNodesServingOneTopicBothTakeAShare() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        NodeProcess first = node("payments-1").start();
        NodeProcess second = node("payments-2").start();
        shop(first, "payments");
        shop(second, "payments");
        await().atMost(LONG).until(() -> first.output().contains("connected to") && second.output().contains("connected to"));
        NodeProcess orders = node("orders").start();
        orders.write("dev.cairn.examples.orders.cfg", "demo.orders = 40\ninterval.ms = 10\n");
        shop(orders, "orders");

        await().atMost(LONG).until(() -> orders.output().contains("demo done: 40 orders"));
        long a = first.countLines("PaymentService - order-");
        long b = second.countLines("PaymentService - order-");
        assertThat(a + b).isEqualTo(40);
        assertThat(a).as("first node's share").isPositive();
        assertThat(b).as("second node's share").isPositive();
    }

    @Test
    void aStreamOfTwentyThousandSurvivesABrokerRestartExactlyOnceAndInOrder() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        NodeProcess receiver = node("receiver").start();
        receiver.drop(new TestBundles(tmp.resolve("jars")).tickReceiver());
        await().atMost(LONG).until(() -> receiver.output().contains("connected to"));
        NodeProcess sender = node("sender").start();
        sender.drop(new TestBundles(tmp.resolve("jars")).tickSender(20_000));

        await().atMost(LONG).until(() -> receiver.output().contains("tally: 3000 distinct"));
        broker.kill();
        broker.start();

        await().atMost(LONG).pollInterval(Duration.ofMillis(500))
                .until(() -> receiver.output().contains("tally: 20000 distinct"));
        assertThat(receiver.output()).contains("tally: 20000 distinct, 0 duplicates, 0 out of order")
                .doesNotContain("tally: duplicate");
        assertThat(sender.output()).contains("sent 20000 ticks");
    }

    @Test
    void eventsQueuedOnDiskSurviveASigkilledNodeAndArriveAfterItsRestart() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        NodeProcess receiver = node("receiver").start();
        receiver.drop(new TestBundles(tmp.resolve("jars")).tickReceiver());
        await().atMost(LONG).until(() -> receiver.output().contains("connected to"));

        broker.kill();
        NodeProcess sender = node("sender").start();
        sender.drop(new TestBundles(tmp.resolve("jars")).tickSender(1_000), "sender.jar");
        await().atMost(LONG).until(() -> sender.output().contains("sent 1000 ticks"));
        sender.kill();
        Files.delete(sender.deploy().resolve("sender.jar"));   // restarted, it must not send again: what arrives is the outbox

        broker.start();
        await().atMost(LONG).until(() -> receiver.countLines("connected to") == 2);
        sender.start();

        await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> receiver.output().contains("tally: 1000 distinct"));
        assertThat(receiver.output()).contains("tally: 1000 distinct, 0 duplicates, 0 out of order");
        assertThat(sender.output()).contains("outbox holds");
    }

    @Test
    void malformedAndOversizePayloadsAreDroppedAndCountedWhileTheNodeGoesOn() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        NodeProcess receiver = node("receiver").start();
        receiver.drop(new TestBundles(tmp.resolve("jars")).tickReceiver());
        await().atMost(LONG).until(() -> receiver.output().contains("connected to"));

        publishRaw("cairn/bus/it/ticks", "{ this is not json");
        publishRaw("cairn/bus/it/ticks", "{\"seq\": \"" + "x".repeat(300 * 1024) + "\"}");
        await().atMost(LONG).until(() -> receiver.countLines("dropped a message on 'it/ticks'") >= 1);

        NodeProcess sender = node("sender").start();
        sender.drop(new TestBundles(tmp.resolve("jars")).tickSender(1_000));
        await().atMost(LONG).until(() -> receiver.output().contains("tally: 1000 distinct"));
        assertThat(receiver.output()).contains("tally: 1000 distinct, 0 duplicates, 0 out of order");
    }

    private void publishRaw(String topic, String payload) throws Exception {
        Path file = Files.writeString(tmp.resolve("payload-" + System.nanoTime()), payload);
        Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-V", "mqttv5", "-q", "1", "-t", topic, "-f", file.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("mosquitto_pub").isTrue();
    }

}
