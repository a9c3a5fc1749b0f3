package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    static List<Arguments> values() {
        return List.of(
                Arguments.of("true", true), Arguments.of("false", false), Arguments.of("42", 42L), Arguments.of("-7", -7L),
                Arguments.of("0.5", 0.5), Arguments.of("1e3", 1000.0), Arguments.of("\"42\"", "42"), Arguments.of("Ada", "Ada"),
                Arguments.of("[17, 27]", List.of(17L, 27L)), Arguments.of("[]", List.of()), Arguments.of("TRUE", "TRUE"),
                Arguments.of("12345678901234567890", "12345678901234567890"), Arguments.of("tcp://h:1883", "tcp://h:1883"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void valuesAreTypedWhenTheyLookLikeIt(String text, Object expected) {
        assertThat(ConfigValues.parse(text)).isEqualTo(expected);
    }

    @Test
    void pairsKeepTextWhenUntyped() {
        assertThat(ConfigValues.pairs(List.of("interval.ms=500", "name=a=b"), true)).containsExactly(Map.entry("interval.ms", 500L), Map.entry("name", "a=b"));
        assertThat(ConfigValues.pairs(List.of("interval.ms=500"), false)).containsEntry("interval.ms", "500");
        assertThatThrownBy(() -> ConfigValues.pairs(List.of("novalue"), true)).hasMessage("'novalue' is not key=value");
    }

    @Test
    void sameComparesNumbersByValueAndTheRestByText() {
        assertThat(ConfigValues.same(5L, 5)).isTrue();
        assertThat(ConfigValues.same(5L, 5.0)).isTrue();
        assertThat(ConfigValues.same(5L, "5")).isTrue();
        assertThat(ConfigValues.same(List.of(1L, 2L), List.of(1, 2))).isTrue();
        assertThat(ConfigValues.same(List.of(1L, 2L), List.of(1))).isFalse();
        assertThat(ConfigValues.same("a", "b")).isFalse();
        assertThat(ConfigValues.same(true, "true")).isTrue();
    }

    @Test
    void fileNamesNameAPidOrAFactoryConfiguration() {
        assertThat(ConfigValues.target(ConfigValues.fileBase(Path.of("conf/dev.cairn.examples.orders.json"))))
                .containsExactly(Map.entry("pid", "dev.cairn.examples.orders"));
        assertThat(ConfigValues.target("dev.cairn.sensors.simulated-greenhouse"))
                .containsExactly(Map.entry("factoryPid", "dev.cairn.sensors.simulated"), Map.entry("name", "greenhouse"));
    }
}
