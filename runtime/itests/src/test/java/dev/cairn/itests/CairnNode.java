package dev.cairn.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestProbeBuilder;

/**
 * A Cairn node inside Pax Exam's Felix: the system bundles in the distribution's start order, the
 * launcher's packages exported by the system bundle, and FileInstall watching a fresh folder.
 * Each bundle's file comes from a failsafe system property {@code cairn.bundle.<name>} (see the pom).
 */
final class CairnNode {
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    private static final List<String> SYSTEM_BUNDLES = List.of(
            "log", "function", "promise", "component",               // start level 1 in the distribution
            "jackson", "jackson-annotations", "jackson-databind", "jackson-jsr310",
            "configadmin", "metatype", "scr",                        // 2
            "deploy", "bus.api", "observe.api", "bus", "servlet-api", // 3, 4 (the servlet API: services may serve HTTP)
            "fileinstall");                                          // 4: last, so deploy/ meets a ready node

    /**
     * What the launcher's class path shares with the bundles, as in the launcher's
     * {@code Node.SYSTEM_PACKAGES_EXTRA}; plus org.slf4j at 1.7.36, which slf4j-api 2 exports too and
     * Pax Exam's own bundles import.
     */
    private static final String[] SYSTEM_PACKAGES = {
            "org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17", "org.slf4j.helpers;version=2.0.17",
            "org.slf4j.spi;version=2.0.17",
            "org.osgi.service.log;version=1.5.0", "org.osgi.service.log.admin;version=1.0.0",
            "dev.cairn.launcher.spi;version=1.4.0",
            "org.slf4j;version=1.7.36", "org.slf4j.helpers;version=1.7.36"};

    private CairnNode() {
    }

    /** The node's options, plus {@code extra} (such as {@code bundleFile("hello")}). */
    static Option[] withBundles(Option... extra) {
        return options(
                systemPackages(SYSTEM_PACKAGES),
                frameworkProperty(FILEINSTALL_DIR).value(newDeployDir().toString()),
                frameworkProperty("felix.fileinstall.poll").value("50"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                composite(SYSTEM_BUNDLES.stream().map(CairnNode::bundleFile).toArray(Option[]::new)),
                composite(extra),
                junitBundles());
    }

    /**
     * Grants the test probe bus rights, as {@code @BusGrants} would grant a bundle: {@code attributes} such as
     * {@code publish:List<String>="pings/#"}. Pax Exam builds the probe itself, so no bnd reads annotations there.
     */
    static TestProbeBuilder granting(TestProbeBuilder probe, String attributes) {
        probe.setHeader("Provide-Capability", "cairn.bus.grants;" + attributes);
        return probe;
    }

    /** Installs by reference the file that failsafe names in {@code cairn.bundle.<name>}. */
    static Option bundleFile(String name) {
        String file = System.getProperty("cairn.bundle." + name);
        if (file == null) {
            throw new IllegalStateException("system property cairn.bundle." + name + " is not set: run the tests with Maven");
        }
        return bundle("reference:" + new File(file).toURI());
    }

    private static Path newDeployDir() {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "deploy-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
