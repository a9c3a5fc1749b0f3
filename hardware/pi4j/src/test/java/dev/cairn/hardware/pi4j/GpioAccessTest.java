package dev.cairn.hardware.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioAccessTest {
    @TempDir
    Path dev;

    @Test
    void aBoardPi4jDoesNotTakeForAPiIsNamedAsSuchEvenWithAChip() throws Exception {
        Files.createFile(dev.resolve("gpiochip0"));
        assertThat(GpioAccess.problem(false, dev, "cairn")).hasValueSatisfying(p -> assertThat(p)
                .contains("Pi4J does not take this board for a Raspberry Pi").contains("/proc/cpuinfo").contains("platform = mock"));
    }

    @Test
    void aPiWithoutAGpioCharacterDeviceNamesTheMissingChip() throws Exception {
        Files.createFile(dev.resolve("i2c-1"));
        assertThat(GpioAccess.problem(true, dev, "cairn")).hasValueSatisfying(p -> assertThat(p)
                .isEqualTo("no GPIO chip: " + dev + " has no gpiochipN (the kernel's GPIO character device; "
                        + "is this Raspberry Pi OS with its GPIO driver?)"));
    }

    @Test
    void aPiWithAChipTheNodeCanOpenHasNoProblem() throws Exception {
        Files.createFile(dev.resolve("gpiochip4"));
        Files.createFile(dev.resolve("gpiochip0"));
        assertThat(GpioAccess.problem(true, dev, "cairn")).isEmpty();
    }
}
