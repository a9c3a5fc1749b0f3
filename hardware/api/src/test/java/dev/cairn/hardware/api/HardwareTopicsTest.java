package dev.cairn.hardware.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HardwareTopicsTest {
    @Test
    void topicsFollowTheConventions() {
        assertThat(HardwareTopics.sensor("greenhouse-1")).isEqualTo("sensors/greenhouse-1");
        assertThat(HardwareTopics.actuatorSet("fan")).isEqualTo("actuators/fan/set");
        assertThat(HardwareTopics.actuatorState("fan")).isEqualTo("actuators/fan/state");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "+", "#", "with space", "a-name-that-is-longer-than-sixty-four-characters-is-not-a-good-name-at-all"})
    void aNameThatIsNotOneTopicLevelIsRefusedWithTheNameQuoted(String name) {
        assertThatThrownBy(() -> HardwareTopics.sensor(name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name must be").hasMessageContaining("'" + name + "'");
    }

    @Test
    void aReadingRefusesNaNAndDefaultsAMissingUnitToEmpty() {
        assertThatThrownBy(() -> Reading.good("s", "temperature", Double.NaN, "°C", Instant.EPOCH))
                .hasMessageContaining("finite");
        assertThat(new Reading("s", "state", 1, null, Instant.EPOCH, Reading.Quality.GOOD).unit()).isEmpty();
    }
}
