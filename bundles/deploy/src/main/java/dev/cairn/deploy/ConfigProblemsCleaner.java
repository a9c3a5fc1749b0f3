package dev.cairn.deploy;

import dev.cairn.launcher.spi.DeployProblems;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A {@code .cfg} file that FileInstall failed to read is reported through the launcher's log bridge;
 * nothing tells when it was fixed except the configuration being updated from it. This listens for that.
 */
@Component
public final class ConfigProblemsCleaner implements ConfigurationListener {
    private final ConfigurationAdmin configAdmin;
    private final DeployProblems problems;

    @Activate
    public ConfigProblemsCleaner(@Reference ConfigurationAdmin configAdmin, @Reference DeployProblems problems) {
        this.configAdmin = configAdmin;
        this.problems = problems;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() != ConfigurationEvent.CM_UPDATED) return;
        try {
            Configuration config = configAdmin.getConfiguration(event.getPid(), "?");
            Object file = config.getProperties() == null ? null : config.getProperties().get(ConfigFiles.FILE_PROPERTY);
            if (file instanceof String uri && uri.startsWith("file:")) problems.clear(Path.of(URI.create(uri)));
        } catch (IOException | IllegalArgumentException e) {
            // a configuration deleted meanwhile has nothing left to clear
        }
    }
}
