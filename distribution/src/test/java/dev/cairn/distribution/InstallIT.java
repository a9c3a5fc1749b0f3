package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball as a new user installs it: unpacked, run as a service user, and its first runs. */
class InstallIT {
    private static final Path TARBALL = Path.of(System.getProperty("cairn.tarball", "target/cairn-0.1.0-SNAPSHOT.tar.gz"));
    private static final Path README = Path.of("../README.md");

    @TempDir
    Path tmp;

    /**
     * The README's "Running as a service" commands, run as written with /opt moved into a folder of the
     * test's, then the node started as the unit starts it: as the cairn user, in its working directory.
     */
    @Test
    void theReadmesServiceInstallRunsTheNodeAsItsOwnUser() throws Exception {
        assumeThat(System.getProperty("user.name")).as("installing as a service needs root (CI runs as root)").isEqualTo("root");
        Path opt = Files.createTempDirectory("cairn-opt-");
        Files.setPosixFilePermissions(opt, PosixFilePermissions.fromString("rwxr-xr-x"));
        String tarballName = TARBALL.getFileName().toString();
        String version = tarballName.replaceFirst("^cairn-", "").replaceFirst("\\.tar\\.gz$", "");
        for (String line : readmeBlock("## Running as a service")) {
            String cmd = line.replaceFirst("^sudo ", "").replace(" && sudo ", " && ")
                    .replace("cairn-<version>.tar.gz", TARBALL.toAbsolutePath().toString())
                    .replace("<version>", version)
                    .replace("/opt", opt.toString());
            if (cmd.startsWith("journalctl") || cmd.contains("systemctl")) continue;   // no systemd here: checked below
            if (cmd.startsWith("useradd") && run("id", "cairn").exit == 0) continue;   // made by an earlier run
            Run r = run("sh", "-c", cmd);
            assertThat(r.exit).as("README command `%s` said:%n%s", cmd, r.out).isZero();
        }
        Path home = opt.resolve("cairn");

        Path unit = home.resolve("systemd/cairn.service");
        String unitText = Files.readString(unit).replace("/opt", opt.toString());
        for (String key : List.of("ReadWritePaths", "WorkingDirectory", "Documentation")) {
            for (String path : values(unitText, key)) {
                Path p = Path.of(path.replaceFirst("^file:", ""));
                assertThat(p).as("%s= of the unit names %s", key, p).exists();
            }
        }
        assertThat(values(unitText, "User")).containsExactly("cairn");
        Run verify = run("sh", "-c", "command -v systemd-analyze");
        if (verify.exit == 0) {
            Run v = run("systemd-analyze", "verify", unit.toString());
            assertThat(v.out).as("systemd-analyze verify").doesNotContain("Failed", "Unknown");
        }

        Path log = tmp.resolve("service.log");
        Process node = new ProcessBuilder("runuser", "-u", "cairn", "--", home.resolve("bin/cairn").toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("ready line of the service").atMost(NodeProcess.START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!node.isAlive()) throw new AssertionError("the service exited with " + node.exitValue() + ":\n" + Files.readString(log));
                return Files.readString(log).contains(" ready in ");
            });
            assertThat(home.resolve("data/log/cairn.0.log")).as("the node's own log, in data/").exists();
            Run status = run("runuser", "-u", "cairn", "--", home.resolve("bin/cairn").toString(), "status");
            assertThat(status.exit).as(status.out).isZero();
            assertThat(StatusRow.parseTable(status.out)).isNotEmpty().allSatisfy(row -> assertThat(row.state()).as(row.toString()).isIn("ACTIVE", "LAZY", "STARTING"));
        } finally {
            stopTree(node);
        }
        assertThat(node.exitValue()).as("a clean stop:\n" + Files.readString(log)).isZero();
        assertThat(archives(home)).as("the service user wrote the class-data archive in lib/").hasSize(1);
        run("sh", "-c", "rm -rf '" + opt + "'");
    }

    /** A first run that fails must not leave a poor archive behind: only a run that was ready and stopped cleanly may. */
    @Test
    void onlyARunThatReachedReadyAndStoppedCleanlyLeavesAClassDataArchive() throws Exception {
        try (NodeProcess node = NodeProcess.install(tmp).env("CAIRN_CDS", "on")) {
            Run failed = runIn(node.home, List.of("CAIRN_CDS=on"), node.home.resolve("bin/cairn").toString(), "--log-level", "LOUD");
            assertThat(failed.exit).as(failed.out).isEqualTo(2);
            assertThat(archives(node.home)).as("after a failed first run").isEmpty();

            node.start();
            node.kill();
            assertThat(archives(node.home)).as("after a killed run").isEmpty();
            assertThat(leftovers(node.home)).as("a killed run's partial archive is never picked up").allSatisfy(f ->
                    assertThat(f.getFileName().toString()).doesNotEndWith(".jsa"));

            node.start();
            assertThat(node.stop()).isZero();
            assertThat(archives(node.home)).as("after a clean run").hasSize(1);
            assertThat(Files.size(archives(node.home).get(0))).as("a full archive, not the ~0.6 MB of a failed start").isGreaterThan(4L << 20);

            // the next start maps the archive: most of its classes come from it
            node.env("JAVA_OPTS", "-Xlog:class+load=info:file=" + node.home.resolve("classes.log")).start();
            assertThat(node.stop()).isZero();
            assertThat(loadedFrom(node.home.resolve("classes.log"), "source: shared objects file"))
                    .as("classes mapped from the archive").isGreaterThan(1000);
        }
    }

    /**
     * A tarball or package unpacked over the installation changes lib/'s jars; the JVM then refuses the archive made
     * from the old ones, so the next clean run must make a new one (it used to keep the refused one for ever).
     */
    @Test
    void newJarsInLibGetANewClassDataArchive() throws Exception {
        try (NodeProcess node = NodeProcess.install(tmp).env("CAIRN_CDS", "on")) {
            node.start();
            assertThat(node.stop()).isZero();
            Path before = archives(node.home).get(0);

            Path jar = node.home.resolve("lib/cairn.jar");
            Files.setLastModifiedTime(jar, FileTime.from(Files.getLastModifiedTime(jar).toInstant().plusSeconds(60)));
            node.start();
            assertThat(node.stop()).isZero();
            assertThat(archives(node.home)).as("one archive, made for the new jars").hasSize(1).doesNotContain(before);

            node.env("JAVA_OPTS", "-Xlog:class+load=info:file=" + node.home.resolve("classes.log")).start();
            assertThat(node.stop()).isZero();
            assertThat(loadedFrom(node.home.resolve("classes.log"), "source: shared objects file (top)"))
                    .as("classes mapped from Cairn's archive").isGreaterThan(500);
        }
    }

    /** How many classes a -Xlog:class+load file says were loaded from {@code source}. */
    private static long loadedFrom(Path classLog, String source) throws IOException {
        try (Stream<String> lines = Files.lines(classLog)) {
            return lines.filter(l -> l.contains(source)).count();
        }
    }

    private static List<Path> archives(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            return files.filter(f -> f.getFileName().toString().matches("cairn-\\d+\\.jsa")).toList();
        }
    }

    private static List<Path> leftovers(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("cairn-")).toList();
        }
    }

    /** The lines of the first sh block under {@code heading}. */
    private static List<String> readmeBlock(String heading) throws IOException {
        String text = Files.readString(README);
        int at = text.indexOf("\n" + heading + "\n");
        assertThat(at).as("README has %s", heading).isPositive();
        Matcher m = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find(at)).as("a sh block under %s", heading).isTrue();
        List<String> lines = new ArrayList<>();
        for (String l : m.group(1).split("\n")) if (!l.isBlank() && !l.startsWith("#")) lines.add(l.replaceFirst("\\s+#.*$", "").trim());
        return lines;
    }

    private static List<String> values(String unit, String key) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        while (m.find()) for (String v : m.group(1).trim().split("\\s+")) if (!v.isEmpty()) out.add(v);
        return out;
    }

    private static void stopTree(Process p) throws InterruptedException {
        if (!p.isAlive()) return;
        // SIGTERM to every process under runuser, as systemd stops a unit (KillMode=control-group)
        p.descendants().forEach(ProcessHandle::destroy);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the service did not stop within 20 s of SIGTERM");
        }
    }

    record Run(int exit, String out) {
    }

    private static Run run(String... cmd) throws IOException, InterruptedException {
        return runIn(Path.of("."), List.of(), cmd);
    }

    private static Run runIn(Path dir, List<String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        for (String e : env) pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }
}
