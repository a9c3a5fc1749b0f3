package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.ctl.ClientOptions;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.Signer;
import dev.cairn.ctl.TlsOptions;
import dev.cairn.management.protocol.Keys;
import dev.cairn.mqtt.Certificates;
import dev.cairn.mqtt.Mosquitto;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Management over a Mosquitto that speaks only TLS and wants a client certificate, from a CA made for the test. */
class ManagementTlsIT {
    @TempDir
    Path tmp;
    private Mosquitto broker;
    private NodeProcess node;

    @AfterEach
    void stopAll() {
        if (node != null) node.close();
        if (broker != null) broker.close();
    }

    @Test
    void cairnctlAndTheNodeMeetOverTlsWithClientCertificatesAndAClientWithoutOneIsTurnedAway() throws Exception {
        Certificates certs = Certificates.create(tmp.resolve("certs"), "fleet");
        broker = Mosquitto.start(tmp.resolve("mosquitto"), certs.brokerConfig().toArray(new String[0]));
        assertThat(broker.url()).startsWith("ssl://");
        KeyPair operator = Keys.generate();
        node = NodeProcess.install(tmp.resolve("n1")).env("CAIRN_NODE_ID", "tls-node");
        node.conf("dev.cairn.mqtt.json", "{ \"broker.urls\": [\"" + broker.url() + "\"], \"reconnect.max.ms\": 1000,"
                + " \"tls.truststore.path\": \"" + certs.trustStore() + "\", \".tls.truststore.password\": \"" + Certificates.PASSWORD + "\","
                + " \"tls.keystore.path\": \"" + certs.clientKeyStore() + "\", \".tls.keystore.password\": \"" + Certificates.PASSWORD + "\" }");
        ManagementIT.trust(node, operator);
        node.start();

        TlsOptions tls = TlsOptions.trusting(certs.caPem()).withClientCertificate(certs.clientPem(), certs.clientKey());
        try (ManagementClient ops = ManagementClient.connect(ClientOptions.of(broker.url(), new Signer(operator)).withTls(tls))) {
            await().atMost(ManagementIT.WAIT).ignoreExceptions()
                    .until(() -> ops.call("tls-node", "node.info", Map.of(), ManagementIT.CALL).ok());
            assertThat(ops.result("tls-node", "node.info", Map.of(), ManagementIT.CALL)).asString().contains("node=tls-node");
        }
        assertThat(node.output()).doesNotContain(Certificates.PASSWORD);

        assertThatThrownBy(() -> ManagementClient.connect(ClientOptions.of(broker.url(), new Signer(operator))
                .withTls(TlsOptions.trusting(certs.caPem()))).call("tls-node", "node.info", Map.of(), ManagementIT.CALL))
                .isInstanceOf(CtlException.class);
    }
}
