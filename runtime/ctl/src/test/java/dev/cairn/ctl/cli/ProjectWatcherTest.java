package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher on a real folder: src/ (new folders too) and pom.xml count, the build's target/ does not. */
class ProjectWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final List<Path> changed = new CopyOnWriteArrayList<>();
    private final List<Exception> errors = new CopyOnWriteArrayList<>();
    private ProjectWatcher watcher;

    @BeforeEach
    void watch() throws Exception {
        Files.createDirectories(dir.resolve("src/main/java/a"));
        Files.writeString(dir.resolve("src/main/java/a/A.java"), "class A {}");
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.createDirectories(dir.resolve("target/classes"));
        watcher = new ProjectWatcher(dir, changed::add, errors::add).start();
    }

    @AfterEach
    void close() {
        watcher.close();
        assertThat(errors).isEmpty();
    }

    @Test
    void anEditedSourceOrPomIsAChangeAndTheBuildOutputIsNot() throws Exception {
        Files.writeString(dir.resolve("target/classes/A.class"), "output");
        Files.writeString(dir.resolve("target/a.jar"), "output");
        Files.writeString(dir.resolve("README.md"), "not read by the build");
        Files.writeString(dir.resolve("src/main/java/a/A.java"), "class A { int x; }");
        await().atMost(WAIT).until(() -> changed.stream().anyMatch(p -> p.endsWith("src/main/java/a/A.java")));
        Files.writeString(dir.resolve("pom.xml"), "<project><!-- edited --></project>");
        await().atMost(WAIT).until(() -> changed.stream().anyMatch(p -> p.endsWith("pom.xml")));
        assertThat(changed).allSatisfy(p -> assertThat(watcher.watched(p)).as(p.toString()).isTrue())
                .noneMatch(p -> p.toString().contains("target") || p.endsWith("README.md"));
    }

    @Test
    void aFolderMadeAfterTheStartIsWatchedToo() throws Exception {
        Files.createDirectories(dir.resolve("src/main/java/a/b"));
        Files.writeString(dir.resolve("src/main/java/a/b/B.java"), "class B {}");
        await().atMost(WAIT).until(() -> changed.stream().anyMatch(p -> p.endsWith("a/b/B.java")));
        changed.clear();
        Files.writeString(dir.resolve("src/main/java/a/b/B.java"), "class B { int y; }");
        await().atMost(WAIT).until(() -> changed.stream().anyMatch(p -> p.endsWith("a/b/B.java")));
    }

    @Test
    void theWatchedPathsAreSrcAndThePom() {
        assertThat(watcher.watched(dir.toAbsolutePath().resolve("src/main/resources/x.properties"))).isTrue();
        assertThat(watcher.watched(dir.toAbsolutePath().resolve("pom.xml"))).isTrue();
        assertThat(watcher.watched(dir.toAbsolutePath().resolve("target/x.jar"))).isFalse();
        assertThat(watcher.watched(dir.toAbsolutePath().resolve("srcx/A.java"))).isFalse();
    }
}
