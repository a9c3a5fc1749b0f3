package dev.cairn.mqtt.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Nagle's algorithm costs a QoS 1 round trip 44–88 ms on loopback (STACK.md): every socket Paho gets has it off. */
class NoDelaySocketFactoryTest {

    @Test
    void plainSocketsComeWithoutNagle() throws Exception {
        try (Socket s = new NoDelaySocketFactory().createSocket()) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void tlsSocketsComeWithoutNagleToo() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, null, null);
        try (Socket s = new NoDelaySslSocketFactory(tls.getSocketFactory()).createSocket()) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }
}
