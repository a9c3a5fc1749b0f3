package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/ as an operator uses it: drop, replace, delete — bundles and configurations — on a live node. */
class HotDeployIT {
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(20);
    private static final Path HELLO = Path.of(System.getProperty("cairn.examples", "target/examples"), "hello.jar");

    @TempDir
    Path tmp;
    NodeProcess node;
    TestBundles bundles;

    @BeforeEach
    void startNode() throws IOException {
        node = NodeProcess.install(tmp).start();
        bundles = new TestBundles(tmp.resolve("jars"));
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    @Test
    void everySystemBundleIsActiveAndSigtermStopsTheNodeWithExitZero() throws Exception {
        assertThat(node.status())
                .extracting(StatusRow::name)
                .contains("org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.metatype",
                        "org.apache.felix.fileinstall", "org.apache.felix.log", "dev.cairn.deploy");
        assertThat(node.status()).allSatisfy(r -> assertThat(r.state()).as(r.name()).isEqualTo("ACTIVE"));

        assertThat(node.stop()).isZero();
        assertThat(node.output()).contains("SIGTERM: stopping").contains(" stopped");
        assertThat(node.home.resolve("data/cairn.sock")).doesNotExist();
        assertThat(Files.readString(node.home.resolve("data/log/cairn.0.log"))).contains(" ready in ");
    }

    @Test
    void aDroppedBundleStartsIsUpdatedWhenReplacedAndGoesWhenDeleted() throws Exception {
        node.drop(bundles.bundle("svc-1.jar", "it.svc", "1.0.0", Map.of()), "svc.jar");
        StatusRow first = awaitRow("svc.jar", r -> r.state().equals("ACTIVE"));
        assertThat(first.version()).isEqualTo("1.0.0");

        node.drop(bundles.bundle("svc-2.jar", "it.svc", "2.0.0", Map.of()), "svc.jar");
        StatusRow second = awaitRow("svc.jar", r -> r.version().equals("2.0.0") && r.state().equals("ACTIVE"));
        assertThat(second.id()).as("updated in place, not reinstalled").isEqualTo(first.id());

        Files.delete(node.deploy().resolve("svc.jar"));
        await().atMost(DEPLOY_TIMEOUT).until(() -> node.row("svc.jar").isEmpty());
        assertThat(node.output()).contains("uninstalled it.svc 2.0.0");
    }

    @Test
    void cfgAndJsonConfigurationsAreAppliedChangedAndRemoved() throws Exception {
        node.drop(HELLO);
        awaitLog("Hello, world!");

        node.write("dev.cairn.examples.hello.cfg", "greeting.name = Ada\n");
        awaitLog("Hello, Ada!");
        node.write("dev.cairn.examples.hello.cfg", "greeting.name = Bob\n");
        awaitLog("Hello, Bob!");
        Files.delete(node.deploy().resolve("dev.cairn.examples.hello.cfg"));
        await().atMost(DEPLOY_TIMEOUT).until(() -> node.countLines("Hello, world!") == 2);

        node.write("dev.cairn.examples.hello.json", "{ \"greeting.name\": \"Grace\" }");
        awaitLog("Hello, Grace!");
        node.write("dev.cairn.examples.hello.json", "{ \"greeting.name\": \"Linus\" }");
        awaitLog("Hello, Linus!");
        Files.delete(node.deploy().resolve("dev.cairn.examples.hello.json"));
        await().atMost(DEPLOY_TIMEOUT).until(() -> node.countLines("Hello, world!") == 3);
        assertThat(node.row("dev.cairn.examples.hello").orElseThrow().state()).isEqualTo("ACTIVE");
    }

    @Test
    void anInvalidJsonConfigurationIsReportedAndTheOneInForceStays() throws Exception {
        node.drop(HELLO);
        node.write("dev.cairn.examples.hello.json", "{ \"greeting.name\": \"Ada\" }");
        awaitLog("Hello, Ada!");

        node.write("dev.cairn.examples.hello.json", "{ \"greeting.name\": \"Bob\", }");
        StatusRow failed = awaitRow("dev.cairn.examples.hello.json", r -> r.state().equals("FAILED"));
        assertThat(failed.reason()).contains("invalid JSON").contains("line 1").contains("unchanged");
        assertThat(node.output()).doesNotContain("Hello, Bob!");

        node.write("dev.cairn.examples.hello.json", "{ \"greeting.name\": \"Bob\" }");
        awaitLog("Hello, Bob!");
        await().atMost(DEPLOY_TIMEOUT).until(() -> node.row("dev.cairn.examples.hello.json").isEmpty());
    }

    @Test
    void eachBadJarIsReportedOnceWithItsReasonWhileTheNodeKeepsServing() throws Exception {
        node.drop(bundles.notABundle("library.jar"));
        node.drop(bundles.corrupt("corrupt.jar"));
        node.drop(bundles.bundle("unresolvable.jar", "it.unresolvable", "1.0.0",
                Map.of("Import-Package", "com.example.nowhere;version=\"[1,2)\"")));
        node.drop(bundles.bundle("throws.jar", "it.throws", "1.0.0",
                Map.of("Bundle-Activator", "dev.cairn.distribution.fixtures.ThrowingActivator",
                        "Import-Package", "org.osgi.framework"),
                dev.cairn.distribution.fixtures.ThrowingActivator.class));

        assertThat(awaitRow("library.jar", r -> r.state().equals("FAILED")).reason())
                .contains("not an OSGi bundle").contains("Bundle-SymbolicName");
        assertThat(awaitRow("corrupt.jar", r -> r.state().equals("FAILED")).reason()).contains("corrupt JAR");
        assertThat(awaitRow("unresolvable.jar", r -> r.reason().contains("cannot resolve")))
                .satisfies(r -> assertThat(r.state()).isEqualTo("INSTALLED"))
                .satisfies(r -> assertThat(r.reason()).contains("com.example.nowhere"));
        assertThat(awaitRow("throws.jar", r -> r.reason().contains("cannot start")))
                .satisfies(r -> assertThat(r.state()).isEqualTo("RESOLVED"))
                .satisfies(r -> assertThat(r.reason()).contains("IllegalStateException: boom: the sensor is not plugged in"));

        // The node keeps serving: a good bundle still deploys, and FileInstall's retry does not repeat the reports.
        node.drop(HELLO);
        awaitRow("hello.jar", r -> r.state().equals("ACTIVE"));
        for (String file : new String[] {"library.jar", "corrupt.jar", "unresolvable.jar", "throws.jar"}) {
            assertThat(node.countLines("ERROR .*" + file.replace(".", "\\.") + ": ")).as(file + " reported once").isEqualTo(1);
        }

        // Fixed in place: the library becomes a bundle and its report goes away...
        node.drop(bundles.bundle("fixed.jar", "it.fixed", "1.0.0", Map.of()), "library.jar");
        StatusRow fixed = awaitRow("library.jar", r -> r.state().equals("ACTIVE"));
        assertThat(fixed.name()).isEqualTo("it.fixed");
        assertThat(fixed.reason()).isEmpty();

        // ...and a good bundle overwritten by a broken file is removed, and the broken file reported.
        node.drop(bundles.corrupt("broken.jar"), "hello.jar");
        StatusRow broken = awaitRow("hello.jar", r -> r.state().equals("FAILED"));
        assertThat(broken.reason()).contains("corrupt JAR");
        assertThat(node.row("dev.cairn.examples.hello")).isEmpty();
    }

    @Test
    void aBundleWaitingForADependencyResolvesWhenTheDependencyArrives() throws Exception {
        node.drop(bundles.bundle("consumer.jar", "it.consumer", "1.0.0", Map.of("Import-Package", "it.lib;version=\"[1,2)\"")));
        StatusRow waiting = awaitRow("consumer.jar", r -> r.reason().contains("it.lib"));
        assertThat(waiting.state()).isEqualTo("INSTALLED");

        node.drop(bundles.bundle("lib.jar", "it.lib", "1.0.0", Map.of("Export-Package", "it.lib;version=1.0.0")));
        awaitRow("lib.jar", r -> r.state().equals("ACTIVE"));
        StatusRow resolved = awaitRow("consumer.jar", r -> r.state().equals("ACTIVE"));
        assertThat(resolved.reason()).isEmpty();
    }

    @Test
    void bundlesBuiltAgainstSlf4j17Or2ResolveAgainstTheNodesOneLog() throws Exception {
        node.drop(bundles.bundle("old-log.jar", "it.old", "1.0.0", Map.of("Import-Package", "org.slf4j;version=\"[1.7,2)\"")));
        node.drop(bundles.bundle("new-log.jar", "it.new", "1.0.0", Map.of("Import-Package", "org.slf4j;version=\"[2.0,3)\"")));

        awaitRow("old-log.jar", r -> r.state().equals("ACTIVE"));
        awaitRow("new-log.jar", r -> r.state().equals("ACTIVE"));
    }

    @Test
    void aBundleCopiedSlowlyStraightIntoDeployIsInstalledOnceCompleteAndNeverReportedHalfWritten() throws Exception {
        byte[] jar = Files.readAllBytes(HELLO);
        Path target = node.deploy().resolve("slow.jar");
        try (var out = Files.newOutputStream(target)) {
            // A slow writer, not a wait on a condition: pauses longer than two scans (2 x 25 ms), as an SD
            // card or a stalled scp makes them, so that the node does see the file half written.
            for (int at = 0; at < jar.length; at += 1024) {
                out.write(jar, at, Math.min(1024, jar.length - at));
                out.flush();
                java.util.concurrent.locks.LockSupport.parkNanos(150_000_000L);
            }
        }
        awaitRow("slow.jar", r -> r.state().equals("ACTIVE"));
        assertThat(node.output()).doesNotContain("slow.jar: corrupt");
    }

    private StatusRow awaitRow(String nameOrFile, java.util.function.Predicate<StatusRow> condition) {
        return await(nameOrFile).atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> node.row(nameOrFile), r -> r.filter(condition).isPresent())
                .map(r -> r).orElseThrow();
    }

    private void awaitLog(String text) {
        await(text).atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> node.output().contains(text));
    }

}
