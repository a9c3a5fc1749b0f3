package dev.cairn.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CairnHomeTest {
    @TempDir
    Path tmp;

    private Path distribution(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/cairn.jar"), "");
        Files.writeString(dir.resolve("bin/cairn"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(dir.resolve("bin/cairn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    @Test
    void thePropertyComesFirstThenTheEnvironmentThenTheBuildTreeUpFromTheWorkingFolder() throws IOException {
        Path a = distribution(tmp.resolve("a"));
        Path b = distribution(tmp.resolve("b"));
        Path built = distribution(tmp.resolve("src/distribution/target/cairn-1.0"));
        Path module = Files.createDirectories(tmp.resolve("src/runtime/testing"));

        assertThat(CairnHome.locate(a.toString(), Map.of("CAIRN_HOME", b.toString()), module)).isEqualTo(a);
        assertThat(CairnHome.locate(null, Map.of("CAIRN_HOME", b.toString()), module)).isEqualTo(b);
        assertThat(CairnHome.locate(null, Map.of(), module)).isEqualTo(built);
    }

    @Test
    void aFolderThatIsNoDistributionOrNoneAtAllIsSaidPlainly() {
        assertThatThrownBy(() -> CairnHome.locate(null, Map.of("CAIRN_HOME", tmp.toString()), tmp))
                .hasMessageContaining("environment variable CAIRN_HOME is " + tmp + ", which is not an unpacked Cairn distribution");
        assertThatThrownBy(() -> CairnHome.locate(null, Map.of(), tmp))
                .hasMessageContaining("no Cairn distribution found. Unpack cairn-VERSION.tar.gz and set CAIRN_HOME");
    }
}
