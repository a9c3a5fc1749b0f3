package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/** A real Felix: the same bundle from another place, as an upgraded runtime installs it, finds its data again. */
class CarriedDataTest {
    @TempDir
    Path tmp;
    private Framework felix;
    private CarriedData carried;

    @BeforeEach
    void felix() throws BundleException {
        felix = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, tmp.resolve("framework").toString()));
        felix.start();
        carried = new CarriedData(tmp.resolve("framework"), tmp.resolve("carried"));
    }

    @AfterEach
    void stop() throws Exception {
        felix.stop();
        felix.waitForStop(10_000);
    }

    @Test
    void theDataOfABundleInstalledFromANewPlaceIsTheDataItHadAtTheOldOne() throws Exception {
        Bundle old = keptAfterWriting("dev.cairn.mqtt", "outbox.seg", "not sent yet");
        assertThat(carried.holdsAny()).isTrue();
        Bundle moved = install("runtime-b", "dev.cairn.mqtt");
        carried.restore(moved);
        moved.start();

        assertThat(moved.getBundleId()).isNotEqualTo(old.getBundleId());
        assertThat(Files.readString(moved.getBundleContext().getDataFile("outbox.seg").toPath())).isEqualTo("not sent yet");
        assertThat(carried.holdsAny()).isFalse();
    }

    @Test
    void aBundleOfAnotherNameGetsNothingAndTheKeptAreaWaitsForItsOwn() throws Exception {
        keptAfterWriting("dev.cairn.broker", "journal", "j");
        Bundle other = install("runtime-b", "dev.cairn.web");
        carried.restore(other);
        other.start();
        assertThat(other.getBundleContext().getDataFile("journal")).doesNotExist();
        assertThat(tmp.resolve("carried/dev.cairn.broker/journal")).hasContent("j");
    }

    @Test
    void anAreaInUseIsNotOverwritten() throws Exception {
        keptAfterWriting("dev.cairn.mqtt", "state", "old");
        Bundle fresh = install("runtime-b", "dev.cairn.mqtt");
        fresh.start();
        Files.writeString(fresh.getBundleContext().getDataFile("state").toPath(), "new");
        carried.restore(fresh);
        assertThat(fresh.getBundleContext().getDataFile("state")).hasContent("new");
        assertThat(tmp.resolve("carried/dev.cairn.mqtt/state")).hasContent("old");
    }

    @Test
    void aBundleThatKeptNoDataLeavesNothingBehind() throws Exception {
        Bundle old = install("runtime-a", "dev.cairn.bus");
        carried.keep(old);
        old.uninstall();
        assertThat(carried.holdsAny()).isFalse();
    }

    /** A bundle of the old runtime that wrote a file in its data area, kept aside and uninstalled as reconcile does. */
    private Bundle keptAfterWriting(String symbolicName, String file, String content) throws Exception {
        Bundle old = install("runtime-a", symbolicName);
        old.start();
        Files.writeString(old.getBundleContext().getDataFile(file).toPath(), content);
        old.stop();
        carried.keep(old);
        old.uninstall();
        return old;
    }

    private Bundle install(String runtime, String symbolicName) throws IOException, BundleException {
        Path jar = tmp.resolve(runtime).resolve(symbolicName + ".jar");
        Files.createDirectories(jar.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        m.getMainAttributes().putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return felix.getBundleContext().installBundle("reference:" + jar.toUri());
    }
}
