package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node's retained status: birth at connect and on change, the will when the connection dies, "offline" on a clean stop. */
@Timeout(60)
class PresenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ids = new AtomicInteger();

    @TempDir
    static Path brokerDir;
    static Mosquitto broker;

    @TempDir
    Path dir;
    private final Closer closer = new Closer();

    /** Bundles whose list the test changes, telling the watcher as the framework would. */
    static final class FakeBundles implements Bundles {
        volatile List<Info> list = List.of(new Info("dev.cairn.bus", "0.1.0", "ACTIVE"));
        volatile Runnable listener = () -> { };

        @Override
        public List<Info> list() {
            return list;
        }

        @Override
        public AutoCloseable watch(Runnable l) {
            listener = l;
            return () -> listener = () -> { };
        }

        void change(List<Info> now) {
            list = now;
            listener.run();
        }
    }

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void close() throws Exception {
        closer.close();
    }


    private Observer observer() throws Exception {
        return closer.add(new Observer(broker.url(), "observer" + ids.incrementAndGet())).subscribe("cairn/node/+/status");
    }

    private static JsonNode last(Observer o, String node) throws Exception {
        List<Observer.Seen> seen = o.on("cairn/node/" + node + "/status");
        return seen.isEmpty() ? null : JSON.readTree(seen.get(seen.size() - 1).payload());
    }

    private static boolean lastIs(Observer o, String node, String status, String reason) throws Exception {
        JsonNode j = last(o, node);
        return j != null && j.path("status").asText().equals(status) && (reason == null || j.path("reason").asText().equals(reason));
    }

    @Test
    void theBirthIsRetainedWithVersionLabelsBundlesAndIsRepublishedWhenTheyChange() throws Exception {
        FakeBundles bundles = new FakeBundles();
        String id = "p" + ids.incrementAndGet();
        TestNode a = closer.add(TestNode.start(id, dir, TestNode.config(broker.url()), bundles));
        a.awaitConnected();

        Observer late = observer();   // subscribes after the birth: gets the retained copy
        await().atMost(Duration.ofSeconds(5)).until(() -> lastIs(late, id, "online", null));
        JsonNode birth = last(late, id);
        assertThat(late.on("cairn/node/" + id + "/status").get(0).retained()).isTrue();
        assertThat(birth.path("node").asText()).isEqualTo(id);
        assertThat(birth.path("version").asText()).isEqualTo("1.2.3");
        assertThat(birth.path("labels").path("zone").asText()).isEqualTo("test");
        assertThat(birth.path("bundles").get(0).path("name").asText()).isEqualTo("dev.cairn.bus");
        assertThat(birth.path("handles")).isEmpty();

        a.bus.handle("payments/authorize", String.class, s -> s);
        bundles.change(List.of(new Bundles.Info("dev.cairn.bus", "0.1.0", "ACTIVE"), new Bundles.Info("shop.orders", "1.0.0", "RESOLVED")));

        await().atMost(Duration.ofSeconds(5)).until(() -> last(late, id).path("bundles").size() == 2
                && last(late, id).path("handles").size() == 1);
        JsonNode now = last(late, id);
        assertThat(now.path("handles").get(0).asText()).isEqualTo("payments/authorize");
        assertThat(now.path("bundles").get(1).path("state").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void theWillMarksTheNodeOfflineWhenItsConnectionDiesAndTheNextBirthFollows() throws Exception {
        TcpProxy proxy = closer.add(new TcpProxy(broker.port()));
        String id = "p" + ids.incrementAndGet();
        TestNode a = closer.add(TestNode.connected(id, dir, TestNode.config(proxy.url())));
        Observer o = observer();
        await().atMost(Duration.ofSeconds(5)).until(() -> lastIs(o, id, "online", null));

        proxy.cut();

        await().atMost(Duration.ofSeconds(5)).until(() -> o.on("cairn/node/" + id + "/status").stream()
                .anyMatch(s -> s.payload().contains("\"connection lost\"")));
        await().atMost(Duration.ofSeconds(10)).until(() -> lastIs(o, id, "online", null));
        assertThat(a.counters().reconnects()).isEqualTo(1);
    }

    @Test
    void aCleanStopSaysOfflineItselfAndTheBrokerKeepsThatAsTheLastWord() throws Exception {
        String id = "p" + ids.incrementAndGet();
        TestNode a = TestNode.connected(id, dir, TestNode.config(broker.url()));
        Observer o = observer();
        await().atMost(Duration.ofSeconds(5)).until(() -> lastIs(o, id, "online", null));

        a.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> lastIs(o, id, "offline", "stopped"));
        Observer late = observer();
        await().atMost(Duration.ofSeconds(5)).until(() -> lastIs(late, id, "offline", "stopped"));
        assertThat(o.seen).noneMatch(s -> s.payload().contains("connection lost"));
    }
}
