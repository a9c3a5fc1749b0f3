package dev.cairn.mqtt;

import static org.awaitility.Awaitility.await;

import dev.cairn.bus.BusAccess;
import dev.cairn.bus.LocalBus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One node of a test: a real {@link LocalBus} with an {@link MqttTransport} bound, as SCR would bind it. */
final class TestNode implements AutoCloseable {
    final String id;
    final Path dir;
    final LocalBus bus = new LocalBus();
    final MqttTransport transport;
    private boolean stopped;

    private TestNode(String id, Path dir, MqttConfig config, Bundles bundles) throws IOException {
        this.id = id;
        this.dir = dir;
        this.transport = new MqttTransport(config, new NodeIdentity(id, "1.2.3", Map.of("zone", "test")), dir, bundles);
        BusAccess.bind(bus, transport);
    }

    /** Test settings: quick reconnects, a short hold; {@code overrides} are key, value pairs. */
    static Map<String, Object> config(String brokerUrl, Object... overrides) {
        Map<String, Object> c = new HashMap<>(Map.of(
                "broker.urls", brokerUrl,
                "reconnect.initial.ms", 20L,
                "reconnect.max.ms", 250L,
                "resume.hold.ms", 3000L,
                "keepalive.seconds", 5));
        for (int i = 0; i < overrides.length; i += 2) c.put((String) overrides[i], overrides[i + 1]);
        return c;
    }

    static TestNode start(String id, Path root, Map<String, Object> config) {
        return start(id, root, config, Bundles.none());
    }

    static TestNode start(String id, Path root, Map<String, Object> config, Bundles bundles) {
        try {
            return new TestNode(id, root.resolve(id), Configs.mqtt(config), bundles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts and waits until connected. */
    static TestNode connected(String id, Path root, Map<String, Object> config) {
        TestNode n = start(id, root, config);
        n.awaitConnected();
        return n;
    }

    Counters counters() {
        return transport.counters();
    }

    void awaitConnected() {
        await(id + " connected").atMost(Duration.ofSeconds(10)).until(() -> counters().connected());
    }

    /** What a clean stop of the bundle does: the bus lets go of the transport, then SCR deactivates it. */
    @Override
    public void close() {
        if (stopped) return;
        stopped = true;
        BusAccess.unbind(bus, transport);
        transport.stop();
    }

    static void closeAll(List<TestNode> nodes) {
        nodes.forEach(TestNode::close);
    }
}
