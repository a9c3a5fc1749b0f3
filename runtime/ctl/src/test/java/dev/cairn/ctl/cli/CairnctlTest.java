package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.management.api.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line without a broker: parsing, usage errors, keys, help. */
class CairnctlTest {
    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    final Map<String, String> env = new HashMap<>();

    int run(String... args) {
        env.putIfAbsent("CAIRN_CTL_HOME", home.toString());
        return new Cairnctl(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void globalOptionsMayStandAfterTheSubcommand() {
        Cairnctl root = new Cairnctl(Map.of(), System.out, System.err, false);
        CommandLine cl = root.commandLine();

        cl.parseArgs("--fleet", "shop", "config", "set", "pi-1", "p", "a=1", "--broker", "ssl://h:8883", "--timeout", "500ms", "-o", "JSON");

        assertThat(root.broker).isEqualTo("ssl://h:8883");
        assertThat(root.fleet).isEqualTo("shop");
        assertThat(root.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(root.json()).isTrue();
    }

    @Test
    void theRootHelpIsAsWideAsTheColumnsTheLauncherFoundAndSubcommandHelpStaysEightyWide() {
        System.setProperty("cairnctl.columns", "130");
        try {
            assertThat(run("--help")).isZero();
            assertThat(longestLine(out())).isGreaterThan(80).isLessThanOrEqualTo(130);
            out.reset();
            assertThat(run("config", "set", "--help")).isZero();
            assertThat(longestLine(out())).isLessThanOrEqualTo(80);
            out.reset();

            System.setProperty("cairnctl.columns", "20");
            assertThat(run("--help")).isZero();
            assertThat(longestLine(out())).as("picocli's minimum width").isLessThanOrEqualTo(55).isGreaterThan(20);
        } finally {
            System.clearProperty("cairnctl.columns");
        }
    }

    private static int longestLine(String text) {
        return text.lines().mapToInt(String::length).max().orElse(0);
    }

    @Test
    void theRootHelpOfStubSubcommandsIsTheHelpOfTheFullyBuiltOnes() {
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        new Cairnctl(Map.of(), System.out, System.err, false).commandLine().usage(new PrintStream(full, true, StandardCharsets.UTF_8));

        assertThat(run("--help")).isZero();

        assertThat(out()).isEqualTo(full.toString(StandardCharsets.UTF_8)).contains("nodes", "completion");
    }

    @Test
    void durationsReadLikeAPersonWritesThem() {
        Cairnctl.Durations d = new Cairnctl.Durations();
        assertThat(d.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(d.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.convert("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.convert("2h")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("deploy", "pi-1")).isEqualTo(2);
        assertThat(run("logs", "pi-1", "-n", "5000")).isEqualTo(2);
        assertThat(run("logs", "pi-1", "--since", "soon")).isEqualTo(2);
        assertThat(run("deploy", "--selector", "role=edge", "pi-1", "x.jar")).isEqualTo(2);
        assertThat(run("--timeout", "soon", "nodes")).isEqualTo(2);
        assertThat(err()).contains("'soon' is not a duration");
    }

    @Test
    void aMissingKeySaysHowToMakeOne() {
        assertThat(run("nodes")).isEqualTo(2);
        assertThat(err()).contains("no private key " + home.resolve("cairnctl.key") + " (make one with: cairnctl keys init)");
    }

    @Test
    void aMissingFileToDeployIsAUsageError() throws Exception {
        run("keys", "init");
        assertThat(run("deploy", "pi-1", home.resolve("nope.jar").toString())).isEqualTo(2);
        assertThat(err()).contains("no file " + home.resolve("nope.jar"));
    }

    @Test
    void keysInitWritesAPrivateKeyOnlyItsOwnerCanReadAndRefusesToOverwrite() throws Exception {
        Path dir = home.resolve("sub");
        env.put("CAIRN_CTL_HOME", dir.toString());

        assertThat(run("keys", "init")).isEqualTo(0);
        String key = Files.readString(dir.resolve("cairnctl.key"));

        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("cairnctl.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("cairnctl.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(out()).containsPattern("key [0-9a-f]{32}").contains("conf/trusted-keys/");

        assertThat(run("keys", "init")).isEqualTo(1);
        assertThat(err()).contains("exists already; --force replaces it");
        assertThat(Files.readString(dir.resolve("cairnctl.key"))).isEqualTo(key);

        assertThat(run("keys", "init", "--force")).isEqualTo(0);
        assertThat(Files.readString(dir.resolve("cairnctl.key"))).isNotEqualTo(key);
    }

    @Test
    void helpListsTheExitCodes() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out()).contains("Exit codes:", "3   node offline or not answering, or broker unreachable", "apply", "deploy", "CAIRN_BROKER");
    }

    @Test
    void everySubcommandHasHelp() {
        assertThat(run("deploy", "--help")).isEqualTo(0);
        assertThat(out()).contains("[NODE] FILE.jar", "--selector");
        assertThat(run("config", "set", "--help")).isEqualTo(0);
    }

    @Test
    void completionPrintsABashScript() {
        assertThat(run("completion")).isEqualTo(0);
        assertThat(out()).contains("complete -F", "cairnctl")
                .as("every subcommand's options, not only those of the command named").contains("--selector", "--max-unavailable", "--replace");
    }

    int runWithInput(String input, String... args) {
        env.putIfAbsent("CAIRN_CTL_HOME", home.toString());
        return new Cairnctl(env, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args);
    }

    @Test
    void hashPasswordPrintsTheLineForTheDashboardsConfigurationAndNeverThePassword() {
        assertThat(runWithInput("a-long-secret\n", "hash-password")).isEqualTo(0);

        String line = out().trim();
        assertThat(line).startsWith(".admin.password = pbkdf2-sha256$").doesNotContain("a-long-secret");
        assertThat(PasswordHash.matches(line.substring(".admin.password = ".length()), "a-long-secret".toCharArray())).isTrue();
        assertThat(err()).contains("conf/dev.cairn.web.cfg");
    }

    @Test
    void hashPasswordPutsItsLineIntoTheConfigurationFileKeepingTheOtherLines() throws Exception {
        Path cfg = home.resolve("dev.cairn.web.cfg");
        Files.writeString(cfg, "http.port = 8080\n.admin.password = kept-as-text\nsession.minutes = 30\n");

        assertThat(runWithInput("a-long-secret\n", "hash-password", "--to", cfg.toString())).isEqualTo(0);

        List<String> lines = Files.readAllLines(cfg);
        assertThat(lines).hasSize(3).contains("http.port = 8080", "session.minutes = 30");
        assertThat(lines.get(2)).startsWith(".admin.password = pbkdf2-sha256$");
        assertThat(PasswordHash.matches(lines.get(2).substring(".admin.password = ".length()), "a-long-secret".toCharArray())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg))).isEqualTo("rw-------");
        assertThat(out()).contains("wrote .admin.password into").doesNotContain("a-long-secret");
    }

    @Test
    void hashPasswordRefusesAShortPasswordAndNoInput() {
        assertThat(runWithInput("short\n", "hash-password")).isEqualTo(2);
        assertThat(err()).contains("8 characters or more, not 5");
        assertThat(runWithInput("", "hash-password")).isEqualTo(2);
        assertThat(err()).contains("no password on standard input");
        assertThat(out()).isEmpty();
    }
}
