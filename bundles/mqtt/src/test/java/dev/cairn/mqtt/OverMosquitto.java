package dev.cairn.mqtt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests of nodes over one real Mosquitto: the broker per test class, nodes per test, closed after it. */
abstract class OverMosquitto {
    @TempDir
    static Path brokerDir;
    static Mosquitto broker;
    static final AtomicInteger ids = new AtomicInteger();

    @TempDir
    Path dir;
    final List<TestNode> nodes = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    @AfterEach
    void stopNodes() {
        TestNode.closeAll(nodes);
    }

    /** A connected node with an id no earlier test used (the broker keeps sessions by client id). */
    TestNode node(String name, Object... overrides) {
        TestNode n = TestNode.connected(name + ids.incrementAndGet(), dir, TestNode.config(broker.url(), overrides));
        nodes.add(n);
        return n;
    }
}
