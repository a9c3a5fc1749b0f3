package dev.cairn.hardware.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
            "auto, Raspberry Pi 4 Model B Rev 1.4, RASPBERRYPI",
            "auto, Raspberry Pi 5 Model B Rev 1.0, RASPBERRYPI",
            "auto, Radxa ROCK 4C+, MOCK",
            "mock, Raspberry Pi 4 Model B Rev 1.4, MOCK",
            "raspberrypi, Radxa ROCK 4C+, RASPBERRYPI"})
    void autoFollowsTheDeviceTreeAndAnExplicitChoiceWins(String configured, String model, Platform expected) throws Exception {
        Path file = Files.writeString(tmp.resolve("model"), model + "\0");   // the kernel NUL-terminates it
        assertThat(Platform.choose(configured, Platform.model(file))).isEqualTo(expected);
    }

    @Test
    void withoutADeviceTreeAutoIsMock() {
        assertThat(Platform.model(tmp.resolve("absent"))).isEmpty();
        assertThat(Platform.choose("auto", Optional.empty())).isEqualTo(Platform.MOCK);
    }

    @Test
    void anUnknownPlatformIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> Platform.choose("beaglebone", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("platform must be auto, mock or raspberrypi, not 'beaglebone'");
    }
}
