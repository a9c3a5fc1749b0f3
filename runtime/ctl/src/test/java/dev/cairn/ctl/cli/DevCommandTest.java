package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cairnctl dev's usage errors, which end it before it connects or watches anything. */
class DevCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        Map<String, String> env = new HashMap<>(Map.of("CAIRN_CTL_HOME", dir.resolve("ctl").toString()));
        return new Cairnctl(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFolderWithoutAPomNeedsABuildCommand() {
        assertThat(run("dev", "--node", "n1", dir.toString())).isEqualTo(2);
        assertThat(err()).contains(dir + " has no pom.xml").contains("--build COMMAND");
    }

    @Test
    void itNeedsANodeOrADeployFolderAndNotBoth() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        assertThat(run("dev", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("dev needs --node NODE").contains("--deploy-dir DIR");
        assertThat(run("dev", "--node", "n1", "--deploy-dir", dir.toString(), dir.toString())).isEqualTo(2);
        assertThat(err()).contains("not both");
        assertThat(run("dev", "--deploy-dir", dir.resolve("nowhere").toString(), dir.toString())).isEqualTo(2);
        assertThat(err()).contains("nowhere is not a folder");
    }

    @Test
    void anEmptyBuildCommandAndAMissingFolderAreRefused() {
        assertThat(run("dev", "--deploy-dir", dir.toString(), "--build", " ", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("--build is empty");
        assertThat(run("dev", "--node", "n1", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err()).contains("no folder " + dir.resolve("missing"));
    }

    @Test
    void theRootHelpListsIt() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("\\n\\s+dev\\s+Develop a bundle");
    }
}
