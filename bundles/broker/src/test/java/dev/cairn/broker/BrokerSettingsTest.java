package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
                Arguments.of((UnaryOperator<TestConfig>) c -> c.memoryMb(0), "memory.mb must be at least 1, not 0"));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void aBadValueIsRefusedNamingItsKey(UnaryOperator<TestConfig> change, String message) {
        TestConfig config = change.apply(TestConfig.port(1883));
        assertThatThrownBy(() -> BrokerSettings.of(config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aBadConfigurationIsRefusedBeforeArtemisIsTouched() {
        // the data folder does not even exist: the refusal came first
        assertThatThrownBy(() -> new Broker(TestConfig.port(0), java.nio.file.Path.of("/nonexistent/cairn")))
                .hasMessageContaining("port must be 1..65535");
    }
}
