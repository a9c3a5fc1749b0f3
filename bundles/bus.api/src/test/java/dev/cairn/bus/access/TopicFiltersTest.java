package dev.cairn.bus.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFiltersTest {

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "sensors/#, sensors/gh, true",
            "sensors/#, sensors, true",
            "sensors/#, sensors/+/t, true",
            "sensors/#, sensors/#, true",
            "sensors/+, sensors/gh, true",
            "sensors/+, sensors/gh/raw, false",
            "sensors/+, sensors/#, false",
            "sensors/+, sensors/+, true",
            "sensors/gh, sensors/+, false",
            "sensors/gh, sensors/gh, true",
            "sensors/gh, sensors/ghx, false",
            "sensors/gh, sensors, false",
            "#, anything/at/all, true",
            "+/status, n1/status, true",
            "#, $SYS/broker, false",
            "+/x, $share/x, false",
            "a/+/c, a/b/c, true",
            "a/+/c, a/b/d, false",
    })
    void coversAsMqttMatches(String outer, String inner, boolean expected) {
        assertThat(TopicFilters.covers(outer, inner)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "sensors/#|",
            "a/+/b|",
            "a/b#|a wildcard must be a whole level",
            "a/#/b|'#' must be the last level",
            "a+|a wildcard must be a whole level",
    })
    void problemNamesWhatIsWrong(String filter, String problem) {
        assertThat(TopicFilters.problem(filter)).isEqualTo(problem);
    }
}
