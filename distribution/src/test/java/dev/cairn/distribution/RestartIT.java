package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node held before a stop it holds after: bundles, configurations, states — from data/, not by redeploying. */
class RestartIT {
    @TempDir
    Path tmp;

    @Test
    void aRestartedNodeBringsBackItsBundlesAndConfigurationsAndUsesItsClassDataArchive() throws Exception {
        try (NodeProcess node = NodeProcess.install(tmp).env("CAIRN_CDS", "on").start()) {
            node.drop(Path.of(System.getProperty("cairn.examples", "target/examples"), "hello.jar"));
            node.write("dev.cairn.examples.hello.cfg", "greeting.name = Ada\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> node.output().contains("Hello, Ada!"));
            StatusRow before = node.row("hello.jar").orElseThrow();
            assertThat(node.stop()).isZero();
            assertThat(jsaFiles(node.home)).as("class-data archive written at the first clean stop").isEqualTo(1);

            node.start();
            StatusRow after = node.row("hello.jar").orElseThrow();
            assertThat(after.state()).isEqualTo("ACTIVE");
            assertThat(after.id()).as("the same bundle, not a reinstall").isEqualTo(before.id());
            await().atMost(Duration.ofSeconds(20)).until(() -> node.output().contains("Hello, Ada!"));
            assertThat(node.output()).doesNotContain("installed dev.cairn.examples.hello");
            assertThat(node.stop()).isZero();
        }
    }

    private static long jsaFiles(Path home) throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            return files.filter(f -> f.toString().endsWith(".jsa")).count();
        }
    }
}
