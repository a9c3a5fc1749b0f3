package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TopicTreeTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "a/b,   a/b,     true",
            "a/b,   a/c,     false",
            "a/b,   a/b/c,   false",
            "a/+,   a/b,     true",
            "a/+,   a,       false",
            "a/+,   a/b/c,   false",
            "+/b,   a/b,     true",
            "+/+,   a/b,     true",
            "+,     a,       true",
            "a/#,   a,       true",
            "a/#,   a/b/c/d, true",
            "a/#,   b/a,     false",
            "#,     a/b,     true",
            "a/+/#, a/b,     true",
            "a/+/#, a,       false",
            "+/b/#, x/b/y,   true",
    })
    void matchesAsMqttDoes(String filter, String topic, boolean matches) {
        TopicTree<String> tree = new TopicTree<>();
        tree.add(Topics.filter(filter), "s");

        assertThat(tree.match(Topics.topic(topic))).isEqualTo(matches ? List.of("s") : List.of());
    }

    @Test
    void everyMatchingFilterIsFoundOnceAndRemovedOnesAreNot() {
        TopicTree<String> tree = new TopicTree<>();
        for (String f : new String[] {"sensors/kitchen/temp", "sensors/+/temp", "sensors/#", "#", "sensors/+/humidity", "actuators/#"}) {
            tree.add(Topics.filter(f), f);
        }

        assertThat(tree.match(Topics.topic("sensors/kitchen/temp")))
                .containsExactlyInAnyOrder("sensors/kitchen/temp", "sensors/+/temp", "sensors/#", "#");

        assertThat(tree.remove(Topics.filter("sensors/+/temp"), "sensors/+/temp")).isTrue();
        assertThat(tree.remove(Topics.filter("sensors/+/temp"), "sensors/+/temp")).isFalse();
        assertThat(tree.match(Topics.topic("sensors/kitchen/temp"))).containsExactlyInAnyOrder("sensors/kitchen/temp", "sensors/#", "#");
    }
}
