package dev.cairn.deploy;

import dev.cairn.launcher.spi.DeployProblems;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Hashtable;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code deploy/<pid>.json} becomes configuration {@code pid} (naming in {@link ConfigFiles}). Changing
 * the file updates the configuration, deleting it deletes the configuration. A file that is not valid
 * changes nothing: the configuration in force stays, and the problem is reported.
 */
@Component(service = ArtifactInstaller.class)
public final class JsonConfigInstaller implements ArtifactInstaller {
    private final ConfigFiles configs;
    private final DeployProblems problems;

    @Activate
    public JsonConfigInstaller(@Reference ConfigurationAdmin configAdmin, @Reference DeployProblems problems) {
        this.configs = new ConfigFiles(configAdmin);
        this.problems = problems;
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".json");
    }

    @Override
    public void install(File artifact) throws IOException {
        Hashtable<String, Object> props;
        try (Reader in = Files.newBufferedReader(artifact.toPath(), StandardCharsets.UTF_8)) {
            props = JsonConfig.parse(in);
        } catch (JsonConfig.InvalidConfigException e) {
            problems.report(artifact.toPath(), e.getMessage() + "; the configuration in force is unchanged");
            return;
        }
        configs.apply(artifact, props);
        problems.clear(artifact.toPath());
    }

    @Override
    public void update(File artifact) throws IOException {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) throws IOException {
        problems.clear(artifact.toPath());
        configs.delete(artifact);
    }
}
