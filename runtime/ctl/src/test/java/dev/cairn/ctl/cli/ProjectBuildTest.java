package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build the dev loop runs (real processes through sh) and the bundle it finds afterwards. */
class ProjectBuildTest {
    @TempDir
    Path dir;

    @Test
    void mavenIsTheDefaultAndTheProjectsOwnWrapperIsPreferred() throws IOException {
        assertThat(ProjectBuild.of(dir, null).command()).containsExactly("mvn", "-B", "-q", "-o", "package", "-DskipTests");
        Path mvnw = Files.writeString(dir.resolve("mvnw"), "#!/bin/sh\n");
        mvnw.toFile().setExecutable(true);
        assertThat(ProjectBuild.of(dir, null).describe()).isEqualTo("./mvnw -B -q -o package -DskipTests");
        assertThat(ProjectBuild.of(dir, "gradle jar").describe()).isEqualTo("gradle jar");
        assertThatThrownBy(() -> ProjectBuild.of(dir, " ")).hasMessageContaining("--build is empty");
    }

    @Test
    void aFailedBuildKeepsWhatItPrintedOnBothStreams() throws InterruptedException {
        ProjectBuild.Result r = ProjectBuild.of(dir, "echo out; echo '[ERROR] " + dir + "/src/A.java:[3,1] broken' >&2; exit 3").run();
        assertThat(r.ok()).isFalse();
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.output()).contains("out");
        assertThat(r.errorLines(dir)).containsExactly("out", "[ERROR] src/A.java:[3,1] broken");
        assertThat(ProjectBuild.of(dir, "true").run().ok()).isTrue();
    }

    @Test
    void mavensCompileErrorIsShownWithoutItsAdviceAndRepeats() throws IOException {
        String output;
        try (InputStream in = getClass().getResourceAsStream("/dev/maven-compile-error.txt")) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(ProjectBuild.trimmed(output.replace("/tmp/greeter-try/", ""))).containsExactly(
                "[ERROR] COMPILATION ERROR :",
                "[ERROR] src/main/java/it/devloop/greeter/Greeter.java:[18,53] illegal start of expression",
                "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile (default-compile) on project greeter: Compilation failure");
    }

    @Test
    void aLongOutputIsCutAndSaysHowMuchWasLeftOut() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100; i++) b.append("line ").append(i).append('\n');
        List<String> shown = ProjectBuild.trimmed(b.toString());
        assertThat(shown).hasSize(ProjectBuild.SHOWN_LINES + 1).startsWith("line 0").endsWith("... 70 more lines");
    }

    @Test
    void stoppingTheLoopEndsTheBuildAndWhatItStarted() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        ProjectBuild build = ProjectBuild.of(dir, "sleep 300 & echo $! > child.pid; wait");
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                build.run();
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        t.interrupt();
        t.join(10_000);
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void theBuiltBundleIsTheNewestJarWithASymbolicName() throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        jar(target.resolve("lib.jar"), null, 30);
        jar(target.resolve("greeter-1.0.jar"), "it.devloop.greeter;singleton:=true", 20);
        jar(target.resolve("greeter-1.0-sources.jar"), "it.devloop.greeter", 10);
        jar(target.resolve("old-0.9.jar"), "it.devloop.old", 100);
        BundleJar b = BundleJar.built(target);
        assertThat(b.file().getFileName()).hasToString("greeter-1.0.jar");
        assertThat(b.symbolicName()).isEqualTo("it.devloop.greeter");
        assertThat(b.version()).isEqualTo("1.0.0");
        assertThat(b.deployName()).isEqualTo("it.devloop.greeter.jar");
        assertThat(b.packages()).containsExactly("it.devloop.greeter");
        assertThat(b.concerns("it.devloop.greeter.Greeter", "x")).isTrue();
        assertThat(b.concerns("it.devloop.greeter.internal.Other", "x")).as("a package it does not hold").isFalse();
        assertThat(b.concerns("dev.cairn.management.DeployOps", "deployed it.devloop.greeter 1.0.0")).isTrue();
        assertThat(b.concerns("dev.cairn.management.ManagementAgent", "config.put")).isFalse();
    }

    @Test
    void aBuildThatMadeNoBundleSaysSo() throws IOException {
        assertThatThrownBy(() -> BundleJar.built(dir.resolve("target"))).hasMessageContaining("made no folder");
        Path target = Files.createDirectories(dir.resolve("target"));
        assertThatThrownBy(() -> BundleJar.built(target)).hasMessageContaining("left no JAR");
        jar(target.resolve("lib.jar"), null, 1);
        assertThatThrownBy(() -> BundleJar.built(target)).hasMessageContaining("none has a Bundle-SymbolicName").hasMessageContaining("lib.jar");
    }

    /** A JAR holding one class file entry, written {@code ageSeconds} ago. */
    private static void jar(Path file, String bsn, int ageSeconds) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
            m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("it/devloop/greeter/Greeter.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("OSGI-INF/it.devloop.greeter.Greeter.xml"));
            jar.closeEntry();
        }
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - ageSeconds * 1000L));
    }
}
