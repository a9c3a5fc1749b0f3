package dev.cairn.mqtt;

import java.nio.file.Path;

/**
 * A node in a JVM of its own, for the test that kills it with SIGKILL: publishes {@code count} events
 * while the broker is down, says so on stdout, and waits to be killed.
 */
public final class CrashingPublisher {
    private CrashingPublisher() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String brokerUrl = args[1];
        String id = args[2];
        int count = Integer.parseInt(args[3]);
        TestNode node = TestNode.start(id, root, TestNode.config(brokerUrl));
        for (int i = 0; i < count; i++) node.bus.publish("stream", new StoreAndForwardTest.Tick(i));
        System.out.println("ACCEPTED " + node.counters().queueDepth());
        System.out.flush();
        System.in.read();   // until killed
    }
}
