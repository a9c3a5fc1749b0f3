package dev.cairn.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.mqtt.Mosquitto;
import dev.cairn.mqtt.sockets.PahoThreads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paho clients on {@link PahoThreads} against a real Mosquitto: every one of the three thread starts of a connect is
 * accounted for (woken from its sleep, or never asleep), and the clients work as before — no interrupt is left where
 * it does harm: not on the caller, nor on Paho's loops (a message goes out and comes back on each connection).
 */
class PahoThreadsTest {
    @TempDir
    static Path dir;
    static Mosquitto broker;

    @BeforeAll
    static void start() throws Exception {
        broker = Mosquitto.start(dir);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void everyStartOfAConnectIsWokenOrNeverSleptAndTheClientsWork() throws Exception {
        PahoThreads threads = new PahoThreads("test");
        try {
            int connects = 8;
            for (int i = 0; i < connects; i++) {
                BlockingQueue<String> got = new ArrayBlockingQueue<>(1);
                MqttAsyncClient c = new MqttAsyncClient(broker.url(), "paho-threads-" + i, new MemoryPersistence(), null, threads);
                c.setCallback(new Received(got));
                c.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
                c.subscribe("paho/threads/" + i, 1).waitForCompletion(10_000);
                c.publish("paho/threads/" + i, new MqttMessage(("hello " + i).getBytes(StandardCharsets.UTF_8), 1, false, null))
                        .waitForCompletion(10_000);
                assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("hello " + i);
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
                IMqttToken d = c.disconnect();
                d.waitForCompletion(10_000);
                c.close(true);
            }
            // receiver, sender and callback per connect; a start that never slept is counted by its waker a moment later
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> threads.startsWoken() + threads.startsNotSlept(), n -> n == 3L * connects);
            // the connecting thread holds the lock a new loop needs first: it is as good as always asleep at its first look
            assertThat(threads.startsWoken()).isGreaterThan(0);
        } finally {
            threads.shutdownNow();
        }
    }

    private record Received(BlockingQueue<String> got) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            got.offer(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
