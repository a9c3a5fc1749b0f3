package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reaching the broker: failover between URLs, user name and password, TLS with a client certificate. */
@Timeout(60)
class ConnectionTest {
    record Note(String text) {
    }

    @TempDir
    Path dir;
    private final Closer closer = new Closer();

    @AfterEach
    void close() throws Exception {
        closer.close();
    }


    private static List<String> listen(TestNode n) {
        List<String> got = new CopyOnWriteArrayList<>();
        n.bus.subscribe("notes", Note.class, (t, note) -> got.add(note.text()));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.transport.listeningAtBroker("notes"));
        return got;
    }

    @Test
    void aNodeTriesTheBrokersOfItsListInTurnAndMovesOnWhenOneDies() throws Exception {
        Mosquitto first = closer.add(Mosquitto.start(dir.resolve("first")));
        Mosquitto second = closer.add(Mosquitto.start(dir.resolve("second")));
        String dead = "tcp://127.0.0.1:" + Mosquitto.freePort();
        TestNode a = closer.add(TestNode.connected("a", dir, TestNode.config(dead + "," + first.url() + "," + second.url())));
        assertThat(a.counters().connectFailures()).isGreaterThanOrEqualTo(1);   // the dead one came first
        TestNode b = closer.add(TestNode.connected("b", dir, TestNode.config(second.url())));
        List<String> atB = listen(b);

        first.kill();   // a's broker: a goes on to the next that answers, the second

        await().atMost(Duration.ofSeconds(10)).until(() -> a.counters().reconnects() == 1);
        a.bus.publish("notes", new Note("via the second broker"));
        await().atMost(Duration.ofSeconds(5)).until(() -> atB.contains("via the second broker"));
    }

    @Test
    void aBrokerThatWantsAPasswordGetsItAndAWrongOneKeepsTheNodeOut() throws Exception {
        Path passwords = dir.resolve("passwords");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), "node", "s3cret").start();
        assertThat(p.waitFor()).isZero();
        Mosquitto broker = closer.add(Mosquitto.start(dir.resolve("broker"), "allow_anonymous false", "password_file " + passwords));

        TestNode good = closer.add(TestNode.connected("good", dir, TestNode.config(broker.url(), "username", "node", ".password", "s3cret")));
        TestNode bad = closer.add(TestNode.start("bad", dir, TestNode.config(broker.url(), "username", "node", ".password", "wrong")));

        await().atMost(Duration.ofSeconds(5)).until(() -> bad.counters().connectFailures() >= 2);
        assertThat(bad.counters().connected()).isFalse();
        assertThat(good.counters().connected()).isTrue();
    }

    @Test
    void tlsWithAClientCertificateCarriesTheBusAndANodeWithoutOneIsRefused() throws Exception {
        Certificates certs = Certificates.create(dir.resolve("certs"), "a");
        Mosquitto broker = closer.add(Mosquitto.start(dir.resolve("broker"), certs.brokerConfig().toArray(new String[0])));
        assertThat(broker.url()).startsWith("ssl://");
        Object[] tls = {"tls.truststore.path", certs.trustStore().toString(), ".tls.truststore.password", Certificates.PASSWORD,
                "tls.keystore.path", certs.clientKeyStore().toString(), ".tls.keystore.password", Certificates.PASSWORD};

        TestNode a = closer.add(TestNode.connected("a", dir, TestNode.config(broker.url(), tls)));
        TestNode b = closer.add(TestNode.connected("b", dir, TestNode.config(broker.url(), tls)));
        List<String> atB = listen(b);
        a.bus.publish("notes", new Note("over TLS"));
        await().atMost(Duration.ofSeconds(5)).until(() -> atB.contains("over TLS"));

        TestNode stranger = closer.add(TestNode.start("stranger", dir, TestNode.config(broker.url(),
                "tls.truststore.path", certs.trustStore().toString(), ".tls.truststore.password", Certificates.PASSWORD)));
        await().atMost(Duration.ofSeconds(5)).until(() -> stranger.counters().connectFailures() >= 2);
        assertThat(stranger.counters().connected()).isFalse();
        assertThat(Files.exists(certs.clientKeyStore())).isTrue();
    }
}
