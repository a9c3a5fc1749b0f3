package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping, restarting: what is kept, and what happens when the port is taken. */
class BrokerLifecycleTest {
    @TempDir
    Path data;
    final int port = FreePort.find();

    @Test
    void aPersistentBrokerKeepsRetainedMessagesAcrossARestart() throws Exception {
        TestConfig config = TestConfig.port(port).persistent(true);
        Broker first = new Broker(config, data);
        try (TestClient pub = TestClient.connect(port, "restart-pub")) {
            pub.publish("restart/status", TestClient.message("kept", true, new MqttProperties()));
        } finally {
            first.close();
        }

        Broker second = new Broker(config, data);
        try (TestClient late = TestClient.connect(port, "restart-late").subscribe("restart/status")) {
            var got = late.awaitReceived(1).get(0);
            assertThat(got.text()).isEqualTo("kept");
            assertThat(got.message().isRetained()).isTrue();
        } finally {
            second.close();
        }
    }

    @ParameterizedTest(name = "persistent={0}")
    @ValueSource(booleans = {false, true})
    void aMessageLargerThanAJournalFileIsDeliveredAndRetained(boolean persistent) throws Exception {
        TestConfig config = TestConfig.port(port).persistent(persistent).maxMessageKb(4096);
        String big = "b".repeat(3 << 20);   // journal files are 2 MiB
        Broker broker = new Broker(config, data);
        try (TestClient sub = TestClient.connect(port, "big-sub").subscribe("big/t");
             TestClient pub = TestClient.connect(port, "big-pub")) {
            pub.publish("big/t", TestClient.message(big, true, new MqttProperties()));
            assertThat(sub.awaitReceived(1).get(0).text()).isEqualTo(big);
        } finally {
            broker.close();
        }
        if (!persistent) return;

        Broker restarted = new Broker(config, data);
        try (TestClient late = TestClient.connect(port, "big-late").subscribe("big/t")) {
            assertThat(late.awaitReceived(1).get(0).text()).isEqualTo(big);
        } finally {
            restarted.close();
        }
    }

    @Test
    void anInMemoryBrokerStartsEmptyAfterARestart() throws Exception {
        TestConfig config = TestConfig.port(port);
        Broker first = new Broker(config, data);
        try (TestClient pub = TestClient.connect(port, "memory-pub")) {
            pub.publish("memory/status", TestClient.message("forgotten", true, new MqttProperties()));
            pub.publish("memory/marker", TestClient.message("first life", true, new MqttProperties()));
        } finally {
            first.close();
        }

        Broker second = new Broker(config, data);
        try (TestClient pub = TestClient.connect(port, "memory-pub2");
             TestClient late = TestClient.connect(port, "memory-late").subscribe("memory/#")) {
            pub.publish("memory/marker", "second life");
            // the marker comes after any retained message would have: none came
            assertThat(late.awaitReceived(1).get(0).text()).isEqualTo("second life");
            assertThat(late.texts()).containsExactly("second life");
        } finally {
            second.close();
        }
    }

    @Test
    void aSecondBrokerOnATakenPortFailsNamingTheAddress(@TempDir Path otherData) throws Exception {
        Broker first = new Broker(TestConfig.port(port), data);
        try {
            assertThatThrownBy(() -> new Broker(TestConfig.port(port), otherData))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("Address already in use");
            // the first one is unharmed
            try (TestClient c = TestClient.connect(port, "taken-check").subscribe("taken/t")) {
                c.publish("taken/t", "still here");
                assertThat(c.awaitReceived(1).get(0).text()).isEqualTo("still here");
            }
        } finally {
            first.close();
        }
        // neither the failed start nor the stop left a thread behind
        await().until(() -> ArtemisThreads.names().isEmpty());
    }

    @Test
    void aPacketOverTheConfiguredLimitCostsTheSenderItsConnection() throws Exception {
        Broker broker = new Broker(TestConfig.port(port).maxMessageKb(1), data);
        try (TestClient sub = TestClient.connect(port, "limit-sub").subscribe("limit/t");
             TestClient pub = TestClient.connect(port, "limit-pub")) {
            pub.publish("limit/t", "x".repeat(900));
            assertThat(sub.awaitReceived(1).get(0).text()).hasSize(900);

            assertThatThrownBy(() -> pub.publish("limit/t", "x".repeat(1100)))
                    .isInstanceOf(MqttException.class).hasMessageContaining("149");   // 0x95: packet too large
            await().until(() -> !pub.paho().isConnected());
            assertThat(sub.received()).hasSize(1);
        } finally {
            broker.close();
        }
    }

    @Test
    void inMemoryWhatOverflowsTheMemoryLimitIsPagedToTheDataAreaAndStillDelivered() throws Exception {
        Broker broker = new Broker(TestConfig.port(port).memoryMb(1), data);
        Path spill = ArtemisConfiguration.spillFolder(data);
        try {
            MqttConnectionOptions session = TestClient.options();
            session.setCleanStart(false);
            session.setSessionExpiryInterval(300L);
            TestClient.connect(port, "paging-away", session).subscribe("paging/inbox").close();
            String kib64 = "x".repeat(64 * 1024);
            try (TestClient pub = TestClient.connect(port, "paging-pub")) {
                for (int i = 0; i < 40; i++) pub.publish("paging/inbox", i + kib64);   // 2.5 MiB for 1 MiB of memory
            }
            try (Stream<Path> files = Files.walk(spill)) {
                assertThat(files.filter(f -> f.toString().endsWith(".page"))).isNotEmpty();
            }

            try (TestClient back = TestClient.connect(port, "paging-away", session)) {
                back.awaitReceived(40);
                assertThat(back.texts()).extracting(t -> t.substring(0, t.indexOf('x')))
                        .containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(String::valueOf).toList());
            }
        } finally {
            broker.close();
        }
        assertThat(spill).doesNotExist();
    }

    @Test
    void closingFreesThePortForTheNextBroker() throws Exception {
        new Broker(TestConfig.port(port), data).close();
        Broker again = new Broker(TestConfig.port(port), data);
        try (TestClient c = TestClient.connect(port, "again")) {
            assertThat(c.paho().isConnected()).isTrue();
        } finally {
            again.close();
        }
    }
}
