package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class BrokerSettingsTest {

    @Test
    void theDefaultsListOnLoopbackInMemory() {
        BrokerSettings s = BrokerSettings.of(TestConfig.port(1883));
        assertThat(s.address()).isEqualTo("127.0.0.1:1883");
        assertThat(s.persistent()).isFalse();
        assertThat(s.maxMessageBytes()).isEqualTo(1024 * 1024);
        assertThat(s.memoryBytes()).isEqualTo(16L << 20);
    }

    @Test
    void anIpv6HostIsBracketedInTheAddress() {
        assertThat(BrokerSettings.of(TestConfig.port(1883).host(" ::1 ")).address()).isEqualTo("[::1]:1883");
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of((UnaryOperator<TestConfig>) c -> c.host(" "), "host must not be blank"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.host(null), "host must not be blank"),
                Arguments.of((UnaryOperator<TestConfig>) c -> TestConfig.port(0), "port must be 1..65535, not 0"),
                Arguments.of((UnaryOperator<TestConfig>) c -> TestConfig.port(65_536), "port must be 1..65535, not 65536"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.maxMessageKb(0), "maxMessage.kb must be 1..262143, not 0"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.maxMessageKb(262_144), "maxMessage.kb must be 1..262143"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.memoryMb(0), "memory.mb must be at least 1, not 0"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.host("10.0.0.5"), "host 10.0.0.5 is beyond loopback"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.fleetPrefix("a/b"), "fleet.prefix must be one topic level"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.fleetPrefix("+"), "fleet.prefix must be one topic level"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.tls(1883, Path.of("k.p12"), "pw"), "tls.port must differ from port (1883)"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.tls(65_536, Path.of("k.p12"), "pw"), "tls.port must be 0 (none) or 1..65535"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.tls(8883, null, "pw"), "tls.keystore.path must name the broker's key store"),
                Arguments.of((UnaryOperator<TestConfig>) c -> c.tls(8883, Path.of("/nonexistent/k.p12"), "pw"), "tls.keystore.path /nonexistent/k.p12 is not a readable file"));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void aBadValueIsRefusedNamingItsKey(UnaryOperator<TestConfig> change, String message) {
        TestConfig config = change.apply(TestConfig.port(1883));
        assertThatThrownBy(() -> BrokerSettings.of(config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.4.5.6", "localhost", "LOCALHOST", "::1", "0:0:0:0:0:0:0:1"})
    void loopbackNeedsNoAuthentication(String host) {
        assertThat(BrokerSettings.isLoopback(host)).isTrue();
        assertThat(BrokerSettings.of(TestConfig.port(1883).host(host)).authentication()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.0.0.5", "::", "128.0.0.1", "127.0.0.256", "broker.example", "127.0.0.1.example"})
    void everythingElseIsBeyondLoopback(String host) {
        assertThat(BrokerSettings.isLoopback(host)).isFalse();
        assertThat(BrokerSettings.of(TestConfig.port(1883).host(host).authentication(true)).host()).isEqualTo(host);
    }

    @Test
    void aTlsListenerNeedsAReadableKeyStoreAndItsPassword(@TempDir Path dir) throws Exception {
        Path keyStore = Files.createFile(dir.resolve("broker.p12"));
        assertThatThrownBy(() -> BrokerSettings.of(TestConfig.port(1883).tls(8883, keyStore, "")))
                .hasMessage(".tls.keystore.password must be set when tls.port is set");
        BrokerSettings.Tls tls = BrokerSettings.of(TestConfig.port(1883).tls(8883, keyStore, "secret")).tls();
        assertThat(tls.port()).isEqualTo(8883);
        assertThat(tls.type()).isEqualTo("PKCS12");
        assertThat(tls.toString()).doesNotContain("secret");
        assertThat(BrokerSettings.of(TestConfig.port(1883)).tls()).isNull();
    }

    @Test
    void aBadConfigurationIsRefusedBeforeArtemisIsTouched() {
        // the data folder does not even exist: the refusal came first
        assertThatThrownBy(() -> new Broker(TestConfig.port(0), Path.of("/nonexistent/cairn")))
                .hasMessageContaining("port must be 1..65535");
    }
}
