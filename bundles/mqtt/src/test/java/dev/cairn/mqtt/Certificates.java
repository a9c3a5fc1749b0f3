package dev.cairn.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test CA with a broker certificate for 127.0.0.1 and a client certificate, made with openssl: PEM
 * files for Mosquitto and cairnctl, PKCS12 stores for the transport. Shared with the system tests.
 */
public final class Certificates {
    public static final String PASSWORD = "changeit";

    final Path dir;

    private Certificates(Path dir) {
        this.dir = dir;
    }

    public static Certificates create(Path dir, String clientName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Certificates c = new Certificates(dir);
        String ec = "ec_paramgen_curve:P-256";
        c.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=cairn-test-ca");
        c.leaf("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1");
        c.leaf("client", "/CN=" + clientName, "extendedKeyUsage=clientAuth");
        c.run("openssl", "pkcs12", "-export", "-inkey", "client.key", "-in", "client.pem", "-name", "client",
                "-out", "client.p12", "-passout", "pass:" + PASSWORD);
        c.run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        return c;
    }

    /** Mosquitto settings for a TLS listener that wants a client certificate from this CA. */
    public List<String> brokerConfig() {
        return List.of("cafile " + dir.resolve("ca.pem"), "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"), "require_certificate true");
    }

    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The client certificate and its key, PEM. */
    public Path clientPem() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    private void leaf(String name, String subject, String extension) throws IOException, InterruptedException {
        String ec = "ec_paramgen_curve:P-256";
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
}
