package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Cairn needs of MQTT 5, checked with the client Cairn uses (Paho 1.2.5) on one in-memory broker. */
class BrokerMqttTest {
    @TempDir
    static Path data;
    static int port;
    static Broker broker;

    @BeforeAll
    static void start() {
        port = FreePort.find();
        broker = new Broker(TestConfig.port(port), data);
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    @Test
    void theBrokerOffersNoTopicAliasesAndTellsItsPacketLimit() throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "connack", new MemoryPersistence());
        try {
            MqttProperties connack = client.connectWithResult(TestClient.options()).getResponseProperties();
            // absent means 0 (MQTT 5, 3.2.2.3.8): Paho 1.2.5 must never use aliases (#1104)
            assertThat(connack.getTopicAliasMaximum()).isIn(null, 0);
            assertThat(connack.getMaximumPacketSize()).isEqualTo(1024L * 1024L);
        } finally {
            if (client.isConnected()) client.disconnect();
            client.close();
        }
    }

    @Test
    void deliversQos1MessagesToSubscribers() throws Exception {
        try (TestClient sub = TestClient.connect(port, "qos1-sub").subscribe("qos1/+/temp");
             TestClient pub = TestClient.connect(port, "qos1-pub")) {
            pub.publish("qos1/kitchen/temp", "21.5");

            var got = sub.awaitReceived(1).get(0);
            assertThat(got.topic()).isEqualTo("qos1/kitchen/temp");
            assertThat(got.text()).isEqualTo("21.5");
            assertThat(got.message().getQos()).isEqualTo(1);
        }
    }

    @Test
    void noLocalKeepsAClientsOwnPublishesFromIt() throws Exception {
        MqttSubscription noLocal = new MqttSubscription("nolocal/#", 1);
        noLocal.setNoLocal(true);
        try (TestClient self = TestClient.connect(port, "nolocal-self").subscribe(noLocal);
             TestClient other = TestClient.connect(port, "nolocal-other")) {
            self.publish("nolocal/a", "own");
            other.publish("nolocal/a", "other's");

            self.awaitReceived(1);
            // the other's message came after its own, over the same subscription: its own was not sent
            assertThat(self.texts()).containsExactly("other's");
        }
    }

    @Test
    void sharedSubscriptionSplitsMessagesAcrossTheGroup() throws Exception {
        int count = 200;
        try (TestClient a = TestClient.connect(port, "share-a").subscribe("$share/g/shared/jobs");
             TestClient b = TestClient.connect(port, "share-b").subscribe("$share/g/shared/jobs");
             TestClient pub = TestClient.connect(port, "share-pub")) {
            for (int i = 0; i < count; i++) pub.publish("shared/jobs", "job-" + i);

            org.awaitility.Awaitility.await().until(() -> a.received().size() + b.received().size() >= count);
            List<String> all = Stream.concat(a.texts().stream(), b.texts().stream()).toList();
            assertThat(all).hasSize(count).doesNotHaveDuplicates()
                    .containsAll(IntStream.range(0, count).mapToObj(i -> "job-" + i).toList());
            assertThat(a.received()).isNotEmpty();
            assertThat(b.received()).isNotEmpty();
            assertThat(a.received().get(0).topic()).isEqualTo("shared/jobs");
        }
    }

    @Test
    void responseTopicAndCorrelationDataTravelWithARequest() throws Exception {
        byte[] correlation = {0, 1, 2, (byte) 0xff};
        try (TestClient responder = TestClient.connect(port, "rr-responder").subscribe("rr/svc/echo");
             TestClient requester = TestClient.connect(port, "rr-requester").subscribe("rr/reply/requester")) {
            MqttProperties request = new MqttProperties();
            request.setResponseTopic("rr/reply/requester");
            request.setCorrelationData(correlation);
            requester.publish("rr/svc/echo", TestClient.message("ping", false, request));

            MqttProperties asked = responder.awaitReceived(1).get(0).message().getProperties();
            assertThat(asked.getResponseTopic()).isEqualTo("rr/reply/requester");
            assertThat(asked.getCorrelationData()).containsExactly(correlation);
            MqttProperties reply = new MqttProperties();
            reply.setCorrelationData(asked.getCorrelationData());
            responder.publish(asked.getResponseTopic(), TestClient.message("pong", false, reply));

            var answer = requester.awaitReceived(1).get(0);
            assertThat(answer.text()).isEqualTo("pong");
            assertThat(answer.message().getProperties().getCorrelationData()).containsExactly(correlation);
        }
    }

    @Test
    void willOfADroppedClientIsPublishedAndRetainedForLateSubscribers() throws Exception {
        MqttConnectionOptions withWill = TestClient.options();
        withWill.setWill("will/node/n1/status", new MqttMessage(bytes("offline"), 1, true, new MqttProperties()));
        TestClient node = TestClient.connect(port, "will-node", withWill);
        node.publish("will/node/n1/status", TestClient.message("online", true, new MqttProperties()));

        try (TestClient watcher = TestClient.connect(port, "will-watcher").subscribe("will/node/+/status")) {
            assertThat(watcher.awaitReceived(1).get(0).text()).isEqualTo("online");   // the retained birth
            assertThat(watcher.received().get(0).message().isRetained()).isTrue();

            node.drop();

            assertThat(watcher.awaitReceived(2).get(1).text()).isEqualTo("offline");
        }
        try (TestClient late = TestClient.connect(port, "will-late").subscribe("will/node/+/status")) {
            var got = late.awaitReceived(1).get(0);
            assertThat(got.text()).isEqualTo("offline");
            assertThat(got.message().isRetained()).isTrue();
        }
    }

    @Test
    void persistentSessionKeepsQos1MessagesWhileTheClientIsAway() throws Exception {
        MqttConnectionOptions session = TestClient.options();
        session.setCleanStart(false);
        session.setSessionExpiryInterval(300L);
        TestClient.connect(port, "session-away", session).subscribe("session/inbox").close();

        try (TestClient pub = TestClient.connect(port, "session-pub")) {
            for (int i = 0; i < 20; i++) pub.publish("session/inbox", "m" + i);
        }

        try (TestClient back = TestClient.connect(port, "session-away", session)) {
            back.awaitReceived(20);
            assertThat(back.texts()).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
        }
    }

    @Test
    void aSessionThatStartsCleanGetsNothingSentWhileAway() throws Exception {
        // the counterpart of the test above: what a persistent session keeps, a clean one does not
        MqttConnectionOptions clean = TestClient.options();
        clean.setCleanStart(true);
        clean.setSessionExpiryInterval(0L);
        TestClient.connect(port, "clean-away", clean).subscribe("clean/inbox").close();
        try (TestClient pub = TestClient.connect(port, "clean-pub")) {
            pub.publish("clean/inbox", "while away");
        }
        try (TestClient back = TestClient.connect(port, "clean-away", clean).subscribe("clean/inbox");
             TestClient pub = TestClient.connect(port, "clean-pub")) {
            pub.publish("clean/inbox", "after");
            back.awaitReceived(1);
            assertThat(back.texts()).containsExactly("after");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
