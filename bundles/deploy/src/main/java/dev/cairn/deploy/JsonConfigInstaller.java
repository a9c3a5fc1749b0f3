package dev.cairn.deploy;

import dev.cairn.launcher.spi.DeployProblems;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Objects;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code deploy/<pid>.json} becomes configuration {@code pid}; {@code deploy/<factoryPid>-<name>.json}
 * a named factory configuration — the same naming as FileInstall's {@code .cfg} files. Changing the
 * file updates the configuration, deleting it deletes the configuration. A file that is not valid
 * changes nothing: the configuration in force stays, and the problem is reported.
 */
@Component(service = ArtifactInstaller.class)
public final class JsonConfigInstaller implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(JsonConfigInstaller.class);
    /** The property FileInstall itself marks its configurations with; sharing it keeps one notion of "from a file". */
    static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private final ConfigurationAdmin configAdmin;
    private final DeployProblems problems;

    @Activate
    public JsonConfigInstaller(@Reference ConfigurationAdmin configAdmin, @Reference DeployProblems problems) {
        this.configAdmin = configAdmin;
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
        props.put(FILE_PROPERTY, artifact.toURI().toString());
        Configuration config = configurationOf(artifact);
        if (!sameProperties(config.getProperties(), props)) {
            config.update(props);
            LOG.info("configuration {} set from {}", config.getPid(), artifact.getName());
        }
        problems.clear(artifact.toPath());
    }

    @Override
    public void update(File artifact) throws IOException {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) throws IOException {
        problems.clear(artifact.toPath());
        Configuration config = existing(artifact);
        if (config != null) {
            config.delete();
            LOG.info("configuration {} deleted with {}", config.getPid(), artifact.getName());
        }
    }

    private Configuration configurationOf(File artifact) throws IOException {
        Configuration config = existing(artifact);
        if (config != null) return config;
        String name = artifact.getName();
        String pid = name.substring(0, name.length() - ".json".length());
        int dash = pid.indexOf('-');
        return dash > 0
                ? configAdmin.getFactoryConfiguration(pid.substring(0, dash), pid.substring(dash + 1), "?")
                : configAdmin.getConfiguration(pid, "?");
    }

    private Configuration existing(File artifact) throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations(
                    "(" + FILE_PROPERTY + "=" + escape(artifact.toURI().toString()) + ")");
            return found == null ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IOException("cannot look up the configuration of " + artifact, e);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }

    /** Rewriting an unchanged configuration would make every component reconfigure for nothing. */
    static boolean sameProperties(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        if (current == null) return false;
        int compared = 0;
        for (Enumeration<String> keys = current.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (key.equals("service.pid") || key.equals("service.factoryPid") || key.equals("service.bundleLocation")) continue;
            if (!Objects.deepEquals(current.get(key), wanted.get(key))) return false;
            compared++;
        }
        return compared == wanted.size();
    }

}
