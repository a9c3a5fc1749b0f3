package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.api.BusException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "orders/new", "sensors/greenhouse-1/temperature", "a b/ü"})
    void wellFormedTopicsAreAccepted(String topic) {
        assertThat(Topics.topic(topic)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "''              | it is empty",
            "orders/         | a level is empty",
            "/orders         | a level is empty",
            "a//b            | a level is empty",
            "orders/+        | wildcards are for filters only",
            "orders/#        | wildcards are for filters only",
            "$SYS/x          | names starting with '$' are the broker's",
    })
    void malformedTopicsAreRefusedWithTheReason(String topic, String reason) {
        assertThatThrownBy(() -> Topics.topic(topic)).isInstanceOf(BusException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((BusException) e).reason()).isEqualTo(BusException.Reason.INVALID_TOPIC));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "orders/+", "sensors/#", "+/+/temperature", "a/+/#"})
    void wildcardFiltersAreAccepted(String filter) {
        assertThat(Topics.filter(filter)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "orders/#/new    | '#' must be the last level",
            "orders/n+       | a wildcard must be a whole level",
            "orders#         | a wildcard must be a whole level",
            "orders//+       | a level is empty",
    })
    void malformedFiltersAreRefusedWithTheReason(String filter, String reason) {
        assertThatThrownBy(() -> Topics.filter(filter)).isInstanceOf(BusException.class).hasMessageContaining(reason);
    }
}
