package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.mqtt.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener, with a certificate for 127.0.0.1 made by a test CA: the same clients, the same rights. */
class BrokerTlsTest {
    @TempDir
    static Path dir;
    static Certificates certificates;
    static TestFleet fleet;
    static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        certificates = Certificates.create(dir.resolve("certs"), "n1");
        Path keyStore = serverKeyStore(dir.resolve("certs"));
        tlsPort = FreePort.find();
        fleet = new TestFleet(TestConfig.port(FreePort.find()).tls(tlsPort, keyStore, Certificates.PASSWORD), dir.resolve("data"));
        fleet.enroll(TestFleet.node("n1").publish("sensors/#"));
        fleet.enroll(TestFleet.node("n2").subscribe("sensors/#"));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) fleet.close();
    }

    @Test
    void anEnrolledNodeTalksOverTlsAndThePlainListenerCarriesTheSameTopics() throws Exception {
        try (TestClient plain = fleet.connect("n2").subscribe("cairn/bus/sensors/#");
             TestClient tls = TestClient.connect("ssl://127.0.0.1:" + tlsPort, "n1", overTls(TestClient.login("n1", TestFleet.password("n1"))))) {
            assertThat(tls.publish("cairn/bus/orders/new", "not granted")).isEqualTo(0x87);
            assertThat(tls.publish("cairn/bus/sensors/gh", "over tls")).isZero();
            plain.awaitReceived(1);
            assertThat(plain.texts()).containsExactly("over tls");
        }
    }

    @Test
    void overTlsTooWithoutCredentialsNoClientGetsIn() {
        assertThatThrownBy(() -> TestClient.connect("ssl://127.0.0.1:" + tlsPort, "n1", overTls(TestClient.options())))
                .isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode()).isEqualTo(0x86);
    }

    @Test
    void aKeyStoreThatIsNotThereIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new Broker(TestConfig.port(FreePort.find()).authentication(true)
                .tls(FreePort.find(), dir.resolve("missing.p12"), "x"), dir.resolve("other")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls.keystore.path");
    }

    private static MqttConnectionOptions overTls(MqttConnectionOptions options) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.trustStore())) {
            trust.load(in, Certificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        options.setSocketFactory(tls.getSocketFactory());
        return options;
    }

    /** The broker's key and certificate (server.key, server.pem, made by {@link Certificates}) as PKCS12. */
    private static Path serverKeyStore(Path certs) throws IOException, InterruptedException {
        Path p12 = certs.resolve("server.p12");
        Process p = new ProcessBuilder("openssl", "pkcs12", "-export", "-inkey", "server.key", "-in", "server.pem",
                "-name", "broker", "-out", p12.toString(), "-passout", "pass:" + Certificates.PASSWORD)
                .directory(certs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("openssl pkcs12 failed: " + out);
        return p12;
    }
}
