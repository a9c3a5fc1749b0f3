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
}
