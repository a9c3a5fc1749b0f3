package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BreakerSpecTest {
    @Test
    void defaultsMakeABreakerOfFiveFailuresInARowNamedAfterItsConfiguration() {
        BreakerSpec s = BreakerSpec.of(BreakerSpec.configurationName(Map.of("service.pid", "dev.cairn.bus.breaker~payments")),
                config("", "*", "payments/#", 5, 0, 30_000, 1));

        assertThat(s.name()).isEqualTo("payments");
        assertThat(s.inARow()).isTrue();
        assertThat(s.threshold()).isEqualTo("5 failure(s) in a row");
        assertThat(s.covers("any.bundle", "payments/authorize")).isTrue();
        assertThat(s.covers("any.bundle", "orders/new")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*      | payments/+/x | 0  | 0  | 1000 | 1   | failures | failures must be 1 to 1000, not 0",
            "*      | payments     | 5  | 3  | 1000 | 1   | window   | window must be 0 (failures in a row) or 5 (failures) to 1000, not 3",
            "*      | payments     | 5  | -1 | 1000 | 1   | window   | window must be 0 (failures in a row) or at least failures, not -1",
            "*      | payments     | 5  | 0  | 0    | 1   | open.ms  | open.ms must be 1 to 86400000, not 0",
            "*      | payments     | 5  | 0  | 1000 | 0   | half.open.calls | half.open.calls must be 1 to 100, not 0",
            "*      | pay/#/x      | 5  | 0  | 1000 | 1   | topic    | topic is not a topic or filter: invalid filter 'pay/#/x': '#' must be the last level",
            "*      | ''           | 5  | 0  | 1000 | 1   | topic    | topic is required",
            "a,b    | payments     | 5  | 0  | 1000 | 1   | caller   | caller must be one bundle's symbolic name or *, not 'a,b'"})
    void aBadValueIsRefusedNamingItsKey(String caller, String topic, int failures, int window, long openMs, int halfOpen, String key, String message) {
        assertThatThrownBy(() -> BreakerSpec.of("b", config("", caller, topic, failures, window, openMs, halfOpen)))
                .isInstanceOfSatisfying(BreakerSpec.InvalidConfiguration.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(message);
    }

    static BreakerConfig config(String name, String caller, String topic, int failures, int window, long openMs, int halfOpen) {
        return new BreakerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BreakerConfig.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String caller() {
                return caller;
            }

            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int failures() {
                return failures;
            }

            @Override
            public int window() {
                return window;
            }

            @Override
            public long open_ms() {
                return openMs;
            }

            @Override
            public int half_open_calls() {
                return halfOpen;
            }
        };
    }
}
