package dev.cairn.deploy;

import dev.cairn.launcher.spi.DeployProblems;
import java.io.File;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Claims the JARs in deploy/ that are not bundles, which FileInstall would otherwise skip without a
 * word, and reports why. When such a file is replaced by a real bundle, {@link #canHandle} lets go and
 * FileInstall installs it.
 */
@Component(service = ArtifactInstaller.class)
public final class NonBundleReporter implements ArtifactInstaller {
    private final DeployProblems problems;

    @org.osgi.service.component.annotations.Activate
    public NonBundleReporter(@Reference DeployProblems problems) {
        this.problems = problems;
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && artifact.isFile() && JarCheck.problem(artifact).isPresent();
    }

    @Override
    public void install(File artifact) {
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
