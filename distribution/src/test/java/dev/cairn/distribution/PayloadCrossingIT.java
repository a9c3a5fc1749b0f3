package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.cairn.distribution.fixtures.OpaqueHolder;
import dev.cairn.distribution.fixtures.OpaquePlacements;
import dev.cairn.distribution.fixtures.OpaqueRelay;
import dev.cairn.distribution.fixtures.opaque.Opaque;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * @CairnTest itself, through JUnit's test kit: a payload type that cannot be JSON and back passes the monolith (it never
 * leaves the JVM) and fails SPLIT with a message naming the type and the node that tried to send it.
 */
class PayloadCrossingIT {
    @TempDir
    Path tmp;

    @Test
    void aPayloadThatCannotCrossNodesPassesTheMonolithAndFailsSplitNamingItsType() throws Exception {
        TestBundles jars = new TestBundles(Path.of(OpaquePlacements.BUNDLES));
        jars.bundle("crossing-api.jar", "it.crossing.api", "1.0.0", Map.of(
                "Export-Package", Opaque.class.getPackageName() + ";version=1.0.0"), Opaque.class);
        String imports = "dev.cairn.bus.api, " + Opaque.class.getPackageName() + ", org.osgi.framework, org.osgi.util.tracker";
        jars.bundle("crossing-relay.jar", "it.crossing.relay", "1.0.0", Map.of(
                "Bundle-Activator", OpaqueRelay.class.getName(),
                "Provide-Capability", "cairn.bus.grants;serve:List<String>=\"it/relay\";call:List<String>=\"it/opaque\"",
                "Import-Package", imports), OpaqueRelay.class);
        jars.bundle("crossing-holder.jar", "it.crossing.holder", "1.0.0", Map.of(
                "Bundle-Activator", OpaqueHolder.class.getName(),
                "Provide-Capability", TestBundles.grants("serve", "it/opaque"),
                "Import-Package", imports), OpaqueHolder.class);

        // the failed SPLIT run keeps its node folders: here, where JUnit deletes them afterwards
        System.setProperty("cairn.test.dir", tmp.toString());
        Events tests;
        try {
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(OpaquePlacements.class)).execute().testEvents();
        } finally {
            System.clearProperty("cairn.test.dir");
        }

        String failures = tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName() + ": " + failure(e))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(tests.succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName())).as(failures).containsExactly("MONOLITH");
        assertThat(tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName())).as(failures).containsExactly("SPLIT");
        Throwable why = failure(tests.failed().stream().findFirst().orElseThrow());
        assertThat(why).isInstanceOf(AssertionError.class).hasMessageContaining("SPLIT: a payload cannot cross nodes")
                .hasMessageContaining("node relay: ")
                .hasMessageContaining("payload check failed: a " + Opaque.class.getName() + " on 'it/opaque' does not cross nodes")
                .hasMessageContaining("cannot be read back from its JSON");
    }

    private static Throwable failure(Event e) {
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }
}
