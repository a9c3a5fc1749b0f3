package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.launcher.spi.RuntimeUpgrades;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime files bin/cairn reads, as the launcher writes them; tarballs made with the system's tar. */
class UpgradesTest {
    @TempDir
    Path tmp;
    private Path installation;
    private Path runtimes;
    private final CountDownLatch restarted = new CountDownLatch(1);

    @BeforeEach
    void installation() throws IOException {
        installation = runtimeFolder(tmp.resolve("opt/cairn"), "0.1.0");
        runtimes = installation.resolve("data/runtime");
    }

    private Upgrades upgrades(Path running, String version) {
        return new Upgrades(installation, running, runtimes, version, () -> Set.of("dev.cairn.examples.hello"), restarted::countDown);
    }

    @Test
    void aTarballIsUnpackedBesideTheRunningRuntimeAndChecked() throws Exception {
        Path tarball = tarball(runtimeFolder(tmp.resolve("build/cairn-0.2.0"), "0.2.0"));
        RuntimeUpgrades.Staged staged = upgrades(installation, "0.1.0").stage(tarball);

        assertThat(staged.version()).isEqualTo("0.2.0");
        assertThat(staged.folder()).isEqualTo(runtimes.resolve("cairn-0.2.0"));
        assertThat(staged.folder().resolve("bin/cairn")).isExecutable();
        try (var left = Files.list(runtimes)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("cairn-0.2.0");
        }
    }

    @Test
    void whatIsNotACairnRuntimeIsRefusedWithWhatIsWrong() throws Exception {
        Upgrades upgrades = upgrades(installation, "0.1.0");
        Path notTar = Files.writeString(tmp.resolve("x.tar.gz"), "not a tarball");
        assertThatThrownBy(() -> upgrades.stage(notTar)).hasMessageContaining("not a Cairn tarball");

        Path noBin = runtimeFolder(tmp.resolve("b1/cairn-0.3.0"), "0.3.0");
        Files.delete(noBin.resolve("bin/cairn"));
        assertThatThrownBy(() -> upgrades.stage(tarball(noBin))).hasMessageContaining("bin/cairn is missing");

        Path same = runtimeFolder(tmp.resolve("b2/cairn-0.1.0"), "0.1.0");
        assertThatThrownBy(() -> upgrades.stage(tarball(same))).hasMessageContaining("already runs Cairn 0.1.0");

        try (var left = Files.list(runtimes)) {
            assertThat(left).as("nothing half-unpacked is left").isEmpty();
        }
    }

    @Test
    void aRestartIntoARuntimeRecordsTheTrialWithWhatWasActive() throws Exception {
        Upgrades upgrades = upgrades(installation, "0.1.0");
        RuntimeUpgrades.Staged staged = upgrades.stage(tarball(runtimeFolder(tmp.resolve("build/cairn-0.2.0"), "0.2.0")));
        upgrades.restartInto(staged, Duration.ofSeconds(30));

        Properties trial = Upgrades.read(runtimes.resolve("trial")).orElseThrow();
        assertThat(trial.getProperty("name")).isEqualTo("cairn-0.2.0");
        assertThat(trial.getProperty("from")).isEqualTo("0.1.0");
        assertThat(trial.getProperty("window.ms")).isEqualTo("30000");
        assertThat(trial.getProperty("expect")).isEqualTo("dev.cairn.examples.hello");
        assertThat(restarted.await(10, TimeUnit.SECONDS)).as("the node is asked to restart").isTrue();
        assertThatThrownBy(() -> upgrades.restartInto(staged, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("on trial already");
    }

    @Test
    void aHealthyTrialBecomesCurrentStampedWithTheInstallationAsBinCairnStampsIt() throws Exception {
        Upgrades old = upgrades(installation, "0.1.0");
        RuntimeUpgrades.Staged staged = old.stage(tarball(runtimeFolder(tmp.resolve("build/cairn-0.2.0"), "0.2.0")));
        old.restartInto(staged, Duration.ofSeconds(30));
        Files.writeString(runtimes.resolve("trial.booted"), "");   // as bin/cairn marks the boot

        Upgrades trialRun = upgrades(staged.folder(), "0.2.0");
        Upgrades.RunningTrial trial = trialRun.runningTrial().orElseThrow();
        assertThat(trial.expectActive()).containsExactly("dev.cairn.examples.hello");
        trialRun.commit(trial);

        Properties current = Upgrades.read(runtimes.resolve("current")).orElseThrow();
        assertThat(current.getProperty("name")).isEqualTo("cairn-0.2.0");
        assertThat(current.getProperty("installation")).isEqualTo(shellStamp(installation.resolve("lib/cairn.jar")));
        assertThat(runtimes.resolve("trial")).doesNotExist();
        assertThat(runtimes.resolve("trial.booted")).doesNotExist();
        RuntimeUpgrades.Outcome outcome = trialRun.lastOutcome().orElseThrow();
        assertThat(outcome.committed()).isTrue();
        assertThat(outcome.version()).isEqualTo("0.2.0");
        assertThat(outcome.from()).isEqualTo("0.1.0");
    }

    @Test
    void aFailedTrialRecordsWhyAndRestartsIntoWhereItCameFrom() throws Exception {
        Upgrades old = upgrades(installation, "0.1.0");
        RuntimeUpgrades.Staged staged = old.stage(tarball(runtimeFolder(tmp.resolve("build/cairn-0.2.0"), "0.2.0")));
        old.restartInto(staged, Duration.ofSeconds(30));
        Files.writeString(runtimes.resolve("trial.booted"), "");

        CountDownLatch again = new CountDownLatch(1);
        Upgrades trialRun = new Upgrades(installation, staged.folder(), runtimes, "0.2.0", Set::of, again::countDown);
        trialRun.rollBack(trialRun.runningTrial().orElseThrow(), "system bundle dev.cairn.web is INSTALLED");

        assertThat(again.getCount()).as("restarted").isZero();
        assertThat(runtimes.resolve("trial")).doesNotExist();
        assertThat(runtimes.resolve("current")).doesNotExist();
        RuntimeUpgrades.Outcome outcome = old.lastOutcome().orElseThrow();
        assertThat(outcome.committed()).isFalse();
        assertThat(outcome.reason()).isEqualTo("system bundle dev.cairn.web is INSTALLED");
    }

    @Test
    void aCommittedRuntimeUpgradesAgainAndKeepsItselfWhileTheOneBeforeGoes() throws Exception {
        Upgrades old = upgrades(installation, "0.1.0");
        RuntimeUpgrades.Staged second = old.stage(tarball(runtimeFolder(tmp.resolve("build/cairn-0.2.0"), "0.2.0")));
        old.restartInto(second, Duration.ofSeconds(30));
        Files.writeString(runtimes.resolve("trial.booted"), "");
        Upgrades secondRun = upgrades(second.folder(), "0.2.0");
        secondRun.commit(secondRun.runningTrial().orElseThrow());

        RuntimeUpgrades.Staged third = secondRun.stage(tarball(runtimeFolder(tmp.resolve("build/cairn-0.3.0"), "0.3.0")));

        assertThat(third.folder()).isEqualTo(runtimes.resolve("cairn-0.3.0"));
        assertThat(second.folder().resolve("bin/cairn")).as("the running, current runtime stays").isExecutable();
    }

    @Test
    void onlyTheRuntimeOnTrialThatBinCairnBootedIsATrial() throws Exception {
        Upgrades old = upgrades(installation, "0.1.0");
        RuntimeUpgrades.Staged staged = old.stage(tarball(runtimeFolder(tmp.resolve("build/cairn-0.2.0"), "0.2.0")));
        old.restartInto(staged, Duration.ofSeconds(30));

        assertThat(upgrades(staged.folder(), "0.2.0").runningTrial()).as("not booted yet").isEmpty();
        Files.writeString(runtimes.resolve("trial.booted"), "");
        assertThat(old.runningTrial()).as("the old runtime, after a roll-back").isEmpty();
        assertThat(upgrades(staged.folder(), "0.2.0").trial()).isPresent();
    }

    private static String shellStamp(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-L", "-c", "%s-%Y", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    /** A folder shaped like a Cairn runtime: bin/cairn, lib/cairn.jar with its version, system/1/. */
    private static Path runtimeFolder(Path dir, String version) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("system/1"));
        Path bin = Files.writeString(dir.resolve("bin/cairn"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try (OutputStream out = Files.newOutputStream(dir.resolve("lib/cairn.jar")); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return dir;
    }

    private Path tarball(Path folder) throws Exception {
        Path tarball = tmp.resolve(folder.getFileName() + "-" + System.nanoTime() + ".tar.gz");
        Process p = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", folder.getParent().toString(), folder.getFileName().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return tarball;
    }
}
