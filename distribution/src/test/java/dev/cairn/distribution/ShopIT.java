package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shop example on a real node: the order and payment services as a monolith, talking over the in-JVM bus. */
class ShopIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));

    @TempDir
    Path tmp;

    @Test
    void theMonolithAuthorizesEveryDemoOrder() throws Exception {
        try (NodeProcess node = NodeProcess.install(tmp).start()) {
            node.write("dev.cairn.examples.payments.cfg", "limit.cents = 50000\n");
            node.write("dev.cairn.examples.orders.cfg", "demo.orders = 10\ninterval.ms = 20\n");
            node.drop(EXAMPLES.resolve("shop-api.jar"));
            node.drop(EXAMPLES.resolve("payments.jar"));
            node.drop(EXAMPLES.resolve("orders.jar"));

            await().atMost(Duration.ofSeconds(30)).until(() -> node.output().contains("demo done: 10 orders"));
            assertThat(node.countLines("OrderService - order-\\d+: (approved|declined)")).isEqualTo(10);
            assertThat(node.output()).contains("demo done: 10 orders, 6 approved, 4 declined");
            assertThat(node.status()).allSatisfy(r -> assertThat(r.state()).as(r.name()).isEqualTo("ACTIVE"));
        }
    }

    @Test
    void aComponentThatRefusesItsConfigurationIsShownWithTheReasonByStatus() throws Exception {
        try (NodeProcess node = NodeProcess.install(tmp).start()) {
            node.write("dev.cairn.examples.orders.cfg", "demo.orders = -1\n");
            node.drop(EXAMPLES.resolve("shop-api.jar"));
            node.drop(EXAMPLES.resolve("orders.jar"));

            StatusRow orders = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> node.row("dev.cairn.examples.orders"), r -> r.filter(x -> !x.reason().isEmpty()).isPresent())
                    .orElseThrow();
            assertThat(orders.state()).isEqualTo("ACTIVE");
            assertThat(orders.reason()).contains("component dev.cairn.examples.orders failed to activate")
                    .contains("demo.orders must be at least 0, not -1");

            node.write("dev.cairn.examples.orders.cfg", "demo.orders = 0\n");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> node.row("dev.cairn.examples.orders").orElseThrow().reason().isEmpty());
        }
    }
}
