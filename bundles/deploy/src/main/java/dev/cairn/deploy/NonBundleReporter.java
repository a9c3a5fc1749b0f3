package dev.cairn.deploy;

import dev.cairn.launcher.spi.DeployProblems;
import java.io.File;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Claims the JARs in deploy/ that are not bundles, which FileInstall would otherwise skip without a
 * word, and reports why. When such a file is replaced by a real bundle, {@link #canHandle} lets go and
 * FileInstall installs it.
 * <p>
 * A JAR still being copied in place looks corrupt (its zip directory comes last). So a corrupt file
 * is reported only once it has stayed unchanged for {@link #SETTLE_MS}; a copy that finishes first
 * changes the file, and FileInstall hands it on as a bundle before anything is said.
 */
@Component(service = ArtifactInstaller.class)
public final class NonBundleReporter implements ArtifactInstaller {
    static final long SETTLE_MS = 2000;

    private final DeployProblems problems;
    private final ScheduledExecutorService settle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-deploy-settle");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public NonBundleReporter(@Reference DeployProblems problems) {
        this.problems = problems;
    }

    @Deactivate
    void deactivate() {
        settle.shutdownNow();
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && artifact.isFile() && JarCheck.problem(artifact).isPresent();
    }

    @Override
    public void install(File artifact) {
        long stamp = artifact.lastModified();
        long length = artifact.length();
        long age = System.currentTimeMillis() - stamp;
        if (age >= SETTLE_MS) {
            report(artifact);
        } else {
            settle.schedule(() -> {
                if (artifact.lastModified() == stamp && artifact.length() == length) report(artifact);
            }, SETTLE_MS - age, TimeUnit.MILLISECONDS);
        }
    }

    private void report(File artifact) {
        JarCheck.problem(artifact).ifPresent(reason -> problems.report(artifact.toPath(), reason));
    }

    @Override
    public void update(File artifact) {
        install(artifact);
    }

    /** Deleted, or replaced by a real bundle: in the second case FileInstall must be made to look again. */
    @Override
    public void uninstall(File artifact) {
        problems.clear(artifact.toPath());
        Rescan.ifStillThere(artifact);
    }
}
