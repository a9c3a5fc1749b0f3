package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference is the operator's manual: it must not fall behind the code. */
class ReadmeTest {

    @Test
    void theConfigurationReferenceNamesEverySettingWithItsVariableFlagAndDefault() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        for (Setting s : Setting.values()) {
            String row = "| `" + s.key + "` | `" + s.envName() + "` | `" + s.flag() + "` | "
                    + (s.defaultValue == null ? "" : "`" + s.defaultValue + "`");
            assertThat(readme).as("README row for " + s.key).contains(row);
        }
    }
}
