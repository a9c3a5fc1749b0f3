package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;

class OsgiLogBridgeTest {

    @Test
    void aResolutionFailureNamesTheMissingRequirementOnly() {
        BundleException e = new BundleException("Unable to resolve it.app [12](R 12.0): missing requirement [it.app [12](R 12.0)] "
                + "osgi.wiring.package; (&(osgi.wiring.package=com.acme)(version>=1.0.0)) Unresolved requirements: "
                + "[[it.app [12](R 12.0)] osgi.wiring.package; (&(osgi.wiring.package=com.acme)(version>=1.0.0))]");

        assertThat(OsgiLogBridge.startFailure(e))
                .isEqualTo("cannot resolve: missing requirement osgi.wiring.package; (&(osgi.wiring.package=com.acme)(version>=1.0.0))");
    }

    @Test
    void anActivatorFailureNamesTheExceptionTheActivatorThrew() {
        BundleException e = new BundleException("Activator start error in bundle it.app [13].",
                new IllegalStateException("no sensor", new java.io.IOException("/dev/i2c-1: no such file")));

        assertThat(OsgiLogBridge.startFailure(e))
                .isEqualTo("cannot start: IllegalStateException: no sensor <- IOException: /dev/i2c-1: no such file");
    }

    @Test
    void locationsOfFilesBecomePathsAndOthersDoNot() {
        assertThat(OsgiLogBridge.fileOfLocation("file:/opt/cairn/deploy/a.jar")).contains(Path.of("/opt/cairn/deploy/a.jar"));
        assertThat(OsgiLogBridge.fileOfLocation("reference:file:/opt/cairn/system/1/b.jar")).contains(Path.of("/opt/cairn/system/1/b.jar"));
        assertThat(OsgiLogBridge.fileOfLocation("mvn:dev.cairn/x/1.0")).isEmpty();
        assertThat(OsgiLogBridge.fileOfLocation("System Bundle")).isEmpty();
    }
}
