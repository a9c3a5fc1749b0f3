package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events published while the broker is unreachable, or not yet acknowledged when it died, arrive once
 * and in order after it is back — also when the publishing node itself was restarted or killed.
 */
@Timeout(90)
class StoreAndForwardTest {
    record Tick(int n) {
    }

    /** What a subscriber received, in order; synchronized because it is read by the test thread. */
    static final class Received {
        private final List<Integer> ticks = new ArrayList<>();

        synchronized void add(int n) {
            ticks.add(n);
        }

        synchronized int size() {
            return ticks.size();
        }

        synchronized boolean has(int n) {
            return !ticks.isEmpty() && ticks.get(ticks.size() - 1) == n;
        }

        synchronized List<Integer> all() {
            return List.copyOf(ticks);
        }
    }

    @TempDir
    Path dir;
    private final Closer closer = new Closer();

    @AfterEach
    void close() throws Exception {
        closer.close();
    }


    private Received listen(TestNode n) {
        Received r = new Received();
        n.bus.subscribe("stream", Tick.class, (t, tick) -> r.add(tick.n()));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.transport.listeningAtBroker("stream"));
        return r;
    }

    private static List<Integer> upTo(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void twentyThousandEventsArriveExactlyOnceAndInOrderAcrossABrokerKill() throws Exception {
        Mosquitto broker = closer.add(Mosquitto.start(dir.resolve("broker")));
        TestNode a = closer.add(TestNode.connected("a", dir, TestNode.config(broker.url())));
        TestNode b = closer.add(TestNode.connected("b", dir, TestNode.config(broker.url())));
        Received got = listen(b);
        long t0 = System.nanoTime();

        for (int i = 0; i < 10_000; i++) a.bus.publish("stream", new Tick(i));
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 3_000);
        // the broker dies holding what b has not taken yet (seen above 2,000 on a busy machine): fewer than
        // the 10,000 published so far, so within replay.messages (10,000), which a sends again
        broker.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.counters().connected() && !b.counters().connected());
        for (int i = 10_000; i < 15_000; i++) a.bus.publish("stream", new Tick(i));   // while it is down
        broker.start();
        for (int i = 15_000; i < 20_000; i++) a.bus.publish("stream", new Tick(i));   // while nodes reconnect
        a.bus.publish("stream", new Tick(-1));   // sent after every replay and resend of the ones before

        await().atMost(Duration.ofSeconds(60)).until(() -> got.has(-1));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        List<Integer> expected = new ArrayList<>(upTo(20_000));
        expected.add(-1);
        assertThat(got.all()).containsExactlyElementsOf(expected);
        assertThat(a.counters().queueDepth()).isZero();
        System.out.printf("20,000 events with a broker kill: %d ms; a: %s; b: %s%n", millis, a.counters(), b.counters());
    }

    @Test
    void eventsPublishedWhileTheBrokerIsDownArriveInOrderWhenItIsBack() throws Exception {
        Mosquitto broker = closer.add(Mosquitto.start(dir.resolve("broker")));
        TestNode a = closer.add(TestNode.connected("a", dir, TestNode.config(broker.url())));
        TestNode b = closer.add(TestNode.connected("b", dir, TestNode.config(broker.url())));
        Received got = listen(b);
        broker.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.counters().connected() && !b.counters().connected());

        for (int i = 0; i < 100; i++) a.bus.publish("stream", new Tick(i));
        assertThat(a.counters().queueDepth()).isEqualTo(100);
        broker.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 100 && a.counters().queueDepth() == 0);
        assertThat(got.all()).containsExactlyElementsOf(upTo(100));
    }

    @Test
    void aReceiverThatWasAwayGetsWhatItMissedFromItsSessionAtTheBroker() throws Exception {
        Mosquitto broker = closer.add(Mosquitto.start(dir.resolve("broker")));
        TcpProxy network = closer.add(new TcpProxy(broker.port()));
        TestNode a = closer.add(TestNode.connected("a", dir, TestNode.config(broker.url())));
        TestNode b = closer.add(TestNode.connected("b", dir, TestNode.config(network.url())));
        Received got = listen(b);

        network.refuse(true);
        network.cut();
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.counters().connected());
        for (int i = 0; i < 100; i++) a.bus.publish("stream", new Tick(i));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.counters().queueDepth() == 0);   // the broker has them all
        network.refuse(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 100);
        assertThat(got.all()).containsExactlyElementsOf(upTo(100));
    }

    @Test
    void theOutboxOutlivesTheTransportAndANewInstanceDeliversIt() throws Exception {
        Mosquitto broker = closer.add(Mosquitto.start(dir.resolve("broker")));
        TestNode b = closer.add(TestNode.connected("b", dir, TestNode.config(broker.url())));
        Received got = listen(b);
        TestNode a = TestNode.connected("a", dir, TestNode.config(broker.url()));
        broker.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.counters().connected());
        for (int i = 0; i < 50; i++) a.bus.publish("stream", new Tick(i));
        a.close();

        TestNode again = closer.add(TestNode.start("a", dir, TestNode.config(broker.url())));
        assertThat(again.counters().queueDepth()).isEqualTo(50);
        broker.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 50 && again.counters().queueDepth() == 0);
        assertThat(got.all()).containsExactlyElementsOf(upTo(50));
    }

    @Test
    void whatANodeKilledWithSigkillHadAcceptedIsDeliveredAfterItsRestart() throws Exception {
        Mosquitto broker = closer.add(Mosquitto.notStarted(dir.resolve("broker")));   // down: everything stays in the outbox
        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                CrashingPublisher.class.getName(), dir.toString(), broker.url(), "k", "500")
                .redirectErrorStream(true).start();
        closer.add(child::destroyForcibly);
        String said = firstLineStartingWith(child, "ACCEPTED");
        assertThat(said).isEqualTo("ACCEPTED 500");
        child.destroyForcibly();   // SIGKILL: no deactivate, no flush, no goodbye
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        broker.start();
        TestNode b = closer.add(TestNode.connected("b", dir, TestNode.config(broker.url())));
        Received got = listen(b);
        TestNode again = closer.add(TestNode.start("k", dir, TestNode.config(broker.url())));

        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 500 && again.counters().queueDepth() == 0);
        assertThat(got.all()).containsExactlyElementsOf(upTo(500));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String firstLineStartingWith(Process p, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) return line;
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child ended without saying " + prefix + ":\n" + seen);
    }
}
