package dev.cairn.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.access.TopicFilters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {
    @ParameterizedTest
    @CsvSource({"sensors/+, sensors/gh, true", "sensors/+, sensors/gh/raw, false", "sensors/#, sensors, true",
            "sensors/#, sensors/gh/raw, true", "orders/new, orders/new, true", "orders/new, orders, false", "+/done, payments/done, true"})
    void filtersMatchAsInMqtt(String filter, String topic, boolean matches) {
        assertThat(TopicFilters.covers(filter, topic)).isEqualTo(matches);   // what the test bus delivers by
    }

    @ParameterizedTest
    @CsvSource({"'sensors/+', false", "'a//b', false", "'a/#/b', true", "'', false"})
    void badTopicsAndFiltersAreRefusedNamed(String topic, boolean filter) {
        assertThatThrownBy(() -> Topics.check(topic, filter)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CairnBus:");
    }
}
