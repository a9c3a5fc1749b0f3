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

    /**
     * SCR keeps the component descriptions it parsed across a restart (ds.cache.metadata); a bundle replaced in
     * deploy/ while the node was stopped must be read anew, not served from that cache.
     */
    @Test
    void aBundleReplacedWhileTheNodeWasStoppedRunsItsNewComponentDescription() throws Exception {
        TestBundles bundles = new TestBundles(tmp.resolve("bundles"));
        try (NodeProcess node = NodeProcess.install(tmp.resolve("node")).start()) {
            node.drop(bundles.greeter("greeter.jar", "first"));
            await().atMost(Duration.ofSeconds(20)).until(() -> node.output().contains("greeter component says first"));
            assertThat(node.stop()).isZero();
            assertThat(metadataCaches(node.home)).as("SCR wrote its cache of component descriptions at the stop").isNotEmpty();

            node.drop(bundles.greeter("greeter-2.jar", "second"), "greeter.jar");
            node.start();
            // the old revision may start from its cached description before FileInstall updates it; the update wins
            await().atMost(Duration.ofSeconds(20)).until(() -> greetings(node.output()).contains("second"));
            assertThat(greetings(node.output())).last().isEqualTo("second");
            assertThat(node.stop()).isZero();

            node.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> !greetings(node.output()).isEmpty());
            assertThat(greetings(node.output())).as("the third start reads the new description from the cache")
                    .containsExactly("second");
            assertThat(node.stop()).isZero();
        }
    }

    private static java.util.List<String> greetings(String output) {
        String said = "greeter component says ";
        return output.lines().filter(l -> l.contains(said)).map(l -> l.substring(l.indexOf(said) + said.length()).trim()).toList();
    }

    private static java.util.List<Path> metadataCaches(Path home) throws Exception {
        try (Stream<Path> files = Files.walk(home.resolve("data").resolve("framework"))) {
            return files.filter(f -> f.getFileName().toString().equals("componentMetadataStore")).toList();
        }
    }

    private static long jsaFiles(Path home) throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            return files.filter(f -> f.toString().endsWith(".jsa")).count();
        }
    }
}
