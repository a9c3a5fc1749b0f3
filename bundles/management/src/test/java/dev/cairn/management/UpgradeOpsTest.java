package dev.cairn.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.launcher.spi.RuntimeUpgrades;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeOpsTest {
    @TempDir
    Path work;

    private final byte[] tarball = "pretend this is cairn-0.2.0.tar.gz".getBytes();
    private final FakeUpgrades launcher = new FakeUpgrades();

    @Test
    void theLastChunkStagesTheTarballAndRestartsIntoItWithTheWindowAsked() throws Exception {
        UpgradeOps ops = new UpgradeOps(work, 1000, () -> launcher, () -> "0.1.0");
        assertThat(ops.upgrade(args(Map.of()))).containsEntry("received", 0L);
        assertThat(ops.upgrade(chunk(0, 0, 10, Map.of(UpgradeOps.WINDOW, 120_000)))).containsEntry("received", 10L);
        assertThat(launcher.staged).as("nothing unpacked before the last chunk").isEmpty();

        Map<String, Object> done = ops.upgrade(chunk(10, 10, tarball.length, Map.of(UpgradeOps.WINDOW, 120_000)));

        assertThat(done).containsEntry("version", "0.2.0").containsEntry("from", "0.1.0").containsEntry("restarting", true)
                .containsEntry("healthWindowMs", 120_000L);
        assertThat(launcher.stagedBytes).isEqualTo(tarball);
        assertThat(launcher.restartedInto).isEqualTo("cairn-0.2.0");
        assertThat(launcher.window).isEqualTo(Duration.ofMinutes(2));
        assertThat(partsIn(work)).as("the tarball is not kept once unpacked").isEmpty();
        assertThat(ops.status()).containsEntry("restartingInto", "0.2.0");
        assertThatThrownBy(() -> ops.upgrade(chunk(0, 0, tarball.length, Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BUSY)).hasMessageContaining("restarting into Cairn 0.2.0");
    }

    @Test
    void theHealthWindowDefaultsToAMinuteAndIsBounded() throws Exception {
        UpgradeOps ops = new UpgradeOps(work, 1000, () -> launcher, () -> "0.1.0");
        for (long bad : new long[] {4_999, 3_600_001}) {
            assertThatThrownBy(() -> ops.upgrade(args(Map.of(UpgradeOps.WINDOW, bad))))
                    .satisfies(e -> assertThat(((OperationException) e).field()).isEqualTo(UpgradeOps.WINDOW))
                    .hasMessageContaining("health.window.ms must be between 5000 and 3600000 ms, not " + bad);
        }
        ops.upgrade(chunk(0, 0, tarball.length, Map.of()));
        assertThat(launcher.window).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aTarballTheLauncherRefusesIsReportedWithItsReasonAndNotKept() throws Exception {
        launcher.refuse = "not a Cairn runtime: cairn-0.2.0/bin/cairn is missing";
        UpgradeOps ops = new UpgradeOps(work, 1000, () -> launcher, () -> "0.1.0");
        assertThatThrownBy(() -> ops.upgrade(chunk(0, 0, tarball.length, Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessage("cairn-0.2.0.tar.gz: not a Cairn runtime: cairn-0.2.0/bin/cairn is missing");
        assertThat(launcher.restartedInto).isNull();
        assertThat(partsIn(work)).isEmpty();
        assertThat(ops.status()).containsEntry("restartingInto", null);
    }

    @Test
    void wrongNamesSizesAndHashesAreRefusedBeforeAnyByteIsStored() throws Exception {
        UpgradeOps ops = new UpgradeOps(work, 10, () -> launcher, () -> "0.1.0");
        String sha = sha(tarball);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("file", "cairn.jar", "size", 5, "sha256", sha),
                Map.of("file", "../cairn-0.2.0.tar.gz", "size", 5, "sha256", sha),
                Map.of("file", "cairn-0.2.0.tar.gz", "size", 5, "sha256", "abc"))) {
            assertThatThrownBy(() -> ops.upgrade(new Args(bad))).satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        assertThatThrownBy(() -> ops.upgrade(args(Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TOO_LARGE)).hasMessageContaining("over runtime.max.bytes (10)");
        Map<String, Object> wrongHash = announce(Map.of());
        wrongHash.put("sha256", sha("something else".getBytes()));
        wrongHash.put("offset", 0);
        wrongHash.put("data", Base64.getEncoder().encodeToString(tarball));
        UpgradeOps roomy = new UpgradeOps(work, 1000, () -> launcher, () -> "0.1.0");
        assertThatThrownBy(() -> roomy.upgrade(new Args(wrongHash)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BAD_UPLOAD)).hasMessageContaining("not the announced");
        assertThat(launcher.staged).isEmpty();
    }

    @Test
    void aNodeWhoseLauncherCannotUpgradeSaysSoAndStillReportsItsVersion() throws Exception {
        UpgradeOps ops = new UpgradeOps(work, 1000, () -> null, () -> "0.1.0");
        assertThatThrownBy(() -> ops.upgrade(args(Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FAILED))
                .hasMessageContaining("this node's launcher cannot upgrade itself");
        assertThat(ops.status()).containsEntry("version", "0.1.0").containsEntry("upgradable", false)
                .containsEntry("trial", null).containsEntry("lastOutcome", null);
    }

    @Test
    void whileAnUpgradeIsOnTrialAnotherIsRefusedAndTheStatusShowsTheTrialAndTheLastOutcome() throws Exception {
        launcher.trial = new RuntimeUpgrades.Trial("t2", "0.2.0", "0.1.0", Instant.parse("2026-12-02T10:00:00Z"));
        launcher.outcome = new RuntimeUpgrades.Outcome("t1", "0.1.9", "0.1.0", false, "bundle it.service was active before the upgrade and is not now",
                Instant.parse("2026-12-01T10:00:00Z"));
        UpgradeOps ops = new UpgradeOps(work, 1000, () -> launcher, () -> "ignored");
        assertThatThrownBy(() -> ops.upgrade(args(Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BUSY))
                .hasMessageContaining("an upgrade to Cairn 0.2.0 (from 0.1.0) is on trial until 2026-12-02T10:00:00Z");
        Map<String, Object> status = ops.status();
        assertThat(status).containsEntry("version", "0.2.0").containsEntry("upgradable", true);
        assertThat(status.get("trial")).isEqualTo(Map.of("id", "t2", "version", "0.2.0", "from", "0.1.0", "deadline", "2026-12-02T10:00:00Z"));
        assertThat(status.get("lastOutcome")).isEqualTo(Map.of("id", "t1", "version", "0.1.9", "from", "0.1.0", "committed", false,
                "reason", "bundle it.service was active before the upgrade and is not now", "at", "2026-12-01T10:00:00Z"));
    }

    @Test
    void aRestartTheLauncherRefusesIsReported() throws Exception {
        launcher.refuseRestart = "an upgrade to 0.3.0 is on trial already";
        UpgradeOps ops = new UpgradeOps(work, 1000, () -> launcher, () -> "0.1.0");
        assertThatThrownBy(() -> ops.upgrade(chunk(0, 0, tarball.length, Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BUSY)).hasMessage("an upgrade to 0.3.0 is on trial already");
        assertThat(ops.status()).containsEntry("restartingInto", null);
    }

    private Args args(Map<String, Object> extra) throws Exception {
        return new Args(announce(extra));
    }

    private Map<String, Object> announce(Map<String, Object> extra) throws Exception {
        Map<String, Object> a = new HashMap<>(Map.of("file", "cairn-0.2.0.tar.gz", "size", tarball.length, "sha256", sha(tarball)));
        a.putAll(extra);
        return a;
    }

    private Args chunk(long offset, int from, int to, Map<String, Object> extra) throws Exception {
        Map<String, Object> a = announce(extra);
        a.put("offset", offset);
        a.put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(tarball, from, to)));
        return new Args(a);
    }

    private static ErrorCode code(Throwable e) {
        return ((OperationException) e).code();
    }

    private static List<Path> partsIn(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".part")).toList();
        }
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Stands in for the launcher: records what it was asked, stages into nothing. */
    private static final class FakeUpgrades implements RuntimeUpgrades {
        final List<Path> staged = new ArrayList<>();
        byte[] stagedBytes;
        String refuse;
        String refuseRestart;
        String restartedInto;
        Duration window;
        Trial trial;
        Outcome outcome;

        @Override
        public String runningVersion() {
            return trial != null ? trial.version() : "0.1.0";
        }

        @Override
        public Staged stage(Path file) throws IOException {
            staged.add(file);
            stagedBytes = Files.readAllBytes(file);
            if (refuse != null) throw new IOException(refuse);
            return new Staged("cairn-0.2.0", "0.2.0", file.resolveSibling("cairn-0.2.0"));
        }

        @Override
        public void restartInto(Staged runtime, Duration healthWindow) {
            if (refuseRestart != null) throw new IllegalStateException(refuseRestart);
            restartedInto = runtime.name();
            window = healthWindow;
        }

        @Override
        public Optional<Outcome> lastOutcome() {
            return Optional.ofNullable(outcome);
        }

        @Override
        public Optional<Trial> trial() {
            return Optional.ofNullable(trial);
        }
    }
}
