package dev.cairn.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.management.protocol.Keys;
import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssl:// with server verification and client certificates, against Mosquitto with a CA made by openssl now. */
class TlsTest {
    static Path certs;
    static Mosquitto broker;
    static final Signer SIGNER = new Signer(Keys.generate());

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        certs = Files.createDirectories(dir.resolve("certs"));
        String ec = "ec_paramgen_curve:P-256";
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=cairn-test-ca");
        leaf("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1");
        leaf("client", "/CN=cairnctl", "extendedKeyUsage=clientAuth");
        run("openssl", "pkcs12", "-export", "-inkey", "client.key", "-in", "client.pem", "-name", "client", "-out", "client.p12",
                "-passout", "pass:changeit");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "other.key", "-out", "other.pem", "-days", "2",
                "-subj", "/CN=another-ca");
        broker = Mosquitto.start(dir.resolve("mosquitto"), "cafile " + certs.resolve("ca.pem"), "certfile " + certs.resolve("server.pem"),
                "keyfile " + certs.resolve("server.key"), "require_certificate true");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void pemClientCertificateAndCaConnect() throws Exception {
        TlsOptions tls = TlsOptions.trusting(certs.resolve("ca.pem")).withClientCertificate(certs.resolve("client.pem"), certs.resolve("client.key"));
        try (ManagementClient c = ManagementClient.connect(ClientOptions.of(broker.url(), SIGNER).withTls(tls))) {
            assertThat(c.nodes()).isEmpty();
            assertThatThrownBy(() -> c.call("pi-3", "node.info", java.util.Map.of(), ManagementClient.DEFAULT_TIMEOUT))
                    .hasMessage("no node pi-3 online");
        }
    }

    @Test
    void pkcs12ClientCertificateConnects() throws Exception {
        TlsOptions tls = TlsOptions.trusting(certs.resolve("ca.pem")).withKeyStore(certs.resolve("client.p12"), "changeit".toCharArray());
        try (ManagementClient c = ManagementClient.connect(ClientOptions.of(broker.url(), SIGNER).withTls(tls))) {
            assertThat(c.nodes()).isEmpty();
        }
    }

    @Test
    void aBrokerSignedByAnotherCaIsRefused() {
        TlsOptions tls = TlsOptions.trusting(certs.resolve("other.pem")).withClientCertificate(certs.resolve("client.pem"), certs.resolve("client.key"));
        assertThatThrownBy(() -> ManagementClient.connect(ClientOptions.of(broker.url(), SIGNER).withTls(tls)))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("cannot reach the broker " + broker.url());
                });
    }

    @Test
    void aKeyThatIsNotPkcs8SaysHowToConvertIt() throws Exception {
        Path traditional = Files.writeString(certs.resolve("ec.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        TlsOptions tls = TlsOptions.trusting(certs.resolve("ca.pem")).withClientCertificate(certs.resolve("client.pem"), traditional);
        assertThatThrownBy(() -> ManagementClient.connect(ClientOptions.of(broker.url(), SIGNER).withTls(tls)))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("openssl pkcs8 -topk8 -nocrypt");
                });
    }

    private static void leaf(String name, String subject, String extension) throws Exception {
        Files.writeString(certs.resolve(name + ".ext"), extension + "\n");
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".pem",
                "-days", "2", "-extfile", name + ".ext");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(certs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
}
