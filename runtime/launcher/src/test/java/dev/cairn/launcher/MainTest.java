package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void helpListsEverySettingWithItsEnvironmentVariable() {
        assertThat(Main.run(new String[] {"--help"}, Map.of())).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        for (Setting s : Setting.values()) assertThat(help).contains(s.flag()).contains(s.envName());
        assertThat(help).contains("status");
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        assertThat(Main.run(new String[] {"--colour", "red"}, Map.of())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--colour");
    }

    @Test
    void aBadSettingIsNamedAndNothingStarts() {
        assertThat(Main.run(new String[] {"--log-level", "LOUD"}, Map.of())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("log.level must be ERROR, WARN, INFO or DEBUG");
    }

    @Test
    void statusWithoutARunningNodeFailsWithAReason() {
        assertThat(Main.run(new String[] {"status", "--data-dir", "/nonexistent/cairn-data"}, Map.of())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no node is running on /nonexistent/cairn-data");
    }
}
