package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.distribution.Cairnctl.Result;
import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/cairnctl, as an operator runs it: the shipped fleet files put the shop on one node, then spread it
 * over two, through a real Mosquitto — and the shop works both ways.
 */
class FleetApplyIT {
    private static final Path DIST = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));

    @TempDir
    Path tmp;
    private Mosquitto broker;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(NodeProcess::close);
        if (broker != null) broker.close();
    }

    @Test
    void theShopRunsAsAMonolithAndThenAsMicroservicesByApplyingTwoFleetFiles() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        assertThat(cairnctl("keys", "init").exit()).isZero();
        NodeProcess shop1 = node("shop-1");
        NodeProcess shop2 = node("shop-2");
        await().atMost(ManagementIT.WAIT).until(() -> cairnctl("nodes").out().contains("shop-2"));

        Result monolith = cairnctl("apply", "-f", DIST.resolve("examples/shop-monolith.yaml").toString());
        assertThat(monolith.exit()).as(monolith.toString()).isZero();
        assertThat(monolith.out()).contains("shop-1").contains("installed");
        await().atMost(ManagementIT.WAIT).until(() -> shop1.output().contains("demo done: 10 orders"));
        assertThat(shop1.countLines("PaymentService - order-")).isEqualTo(10);

        Result again = cairnctl("apply", "-f", DIST.resolve("examples/shop-monolith.yaml").toString(), "-o", "json");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("\"installed\"").doesNotContain("\"updated\"").doesNotContain("\"removed\"")
                .doesNotContain("\"configured\"").doesNotContain("\"deleted\"");
        assertThat(cairnctl("config", "get", "shop-1", "dev.cairn.examples.payments").out()).contains("50000");

        Result micro = cairnctl("apply", "-f", DIST.resolve("examples/shop-micro.yaml").toString());
        assertThat(micro.exit()).as(micro.toString()).isZero();
        assertThat(micro.out()).contains("removed").contains("deleted").contains("shop-2");
        assertThat(shop1.deploy().resolve("payments.jar")).doesNotExist();
        // the payment service's configuration moved with it: gone from shop-1, on shop-2; the orders' stayed
        assertThat(cairnctl("config", "get", "shop-1", "dev.cairn.examples.payments").exit()).isNotZero();
        assertThat(cairnctl("config", "get", "shop-2", "dev.cairn.examples.payments").out()).contains("50000");
        assertThat(cairnctl("config", "get", "shop-1", "dev.cairn.examples.orders").out()).contains("500");
        await().atMost(ManagementIT.WAIT).until(() -> shop2.output().contains("started dev.cairn.examples.payments"));

        // the order service runs its demo again on a fresh start: the payments now come from shop-2
        Result restart = cairnctl("stop", "shop-1", "dev.cairn.examples.orders");
        assertThat(restart.exit()).as(restart.toString()).isZero();
        assertThat(cairnctl("start", "shop-1", "dev.cairn.examples.orders").exit()).isZero();
        await().atMost(ManagementIT.WAIT).until(() -> shop1.countLines("demo done: 10 orders") == 2);
        assertThat(shop2.countLines("PaymentService - order-")).isEqualTo(10);
        assertThat(shop1.countLines("PaymentService - order-")).isEqualTo(10);
    }

    @Test
    void aDemoNodeOnLoopbackTrustsTheLocalCairnctlKeyWithoutBeingToldAndOthersDoNot() throws Exception {
        broker = Mosquitto.start(tmp.resolve("mosquitto"));
        assertThat(cairnctl("keys", "init").exit()).isZero();
        NodeProcess demo = NodeProcess.install(tmp.resolve("demo")).env("CAIRN_NODE_ID", "demo")
                .env("CAIRN_CTL_HOME", tmp.resolve("ctl").toString());
        nodes.add(demo);
        demo.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"] }");
        demo.conf("dev.cairn.management.cfg", "demo = true\n");
        demo.start();
        NodeProcess plain = NodeProcess.install(tmp.resolve("plain")).env("CAIRN_NODE_ID", "plain")
                .env("CAIRN_CTL_HOME", tmp.resolve("ctl").toString());
        nodes.add(plain);
        plain.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"] }");
        plain.start();

        await().atMost(ManagementIT.WAIT).until(() -> cairnctl("info", "demo").exit() == 0);
        Result[] last = new Result[1];
        await().atMost(ManagementIT.WAIT).until(() -> (last[0] = cairnctl("info", "plain")).exit() != 3);   // 3: not online yet
        Result refused = last[0];
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("not trusted");
    }

    private NodeProcess node(String id) throws Exception {
        NodeProcess n = NodeProcess.install(tmp.resolve(id)).env("CAIRN_NODE_ID", id);
        nodes.add(n);
        n.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000 }");
        Path keys = Files.createDirectories(n.home.resolve("conf/trusted-keys"));
        Files.copy(tmp.resolve("ctl/cairnctl.pub"), keys.resolve("operator.pub"));
        return n.start();
    }

    private Result cairnctl(String... args) throws IOException, InterruptedException {
        return new Cairnctl(tmp.resolve("ctl"), tmp).broker(broker == null ? null : broker.url()).run(args);
    }
}
