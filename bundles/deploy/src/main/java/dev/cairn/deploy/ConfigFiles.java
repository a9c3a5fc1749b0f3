package dev.cairn.deploy;

import java.io.File;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Objects;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file and its ConfigAdmin configuration: {@code <pid>.ext} is configuration
 * {@code pid}, {@code <factoryPid>-<name>.ext} a named factory configuration — FileInstall's naming for
 * {@code .cfg} — and the configuration is marked with the file it came from, as FileInstall marks its own.
 */
final class ConfigFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFiles.class);
    /** The property FileInstall itself marks its configurations with; sharing it keeps one notion of "from a file". */
    static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private final ConfigurationAdmin configAdmin;

    ConfigFiles(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** Sets the configuration of {@code file} to {@code props}, unless it already holds exactly them. */
    void apply(File file, Hashtable<String, Object> props) throws IOException {
        props.put(FILE_PROPERTY, file.toURI().toString());
        Configuration config = configurationOf(file);
        if (!sameProperties(config.getProperties(), props)) {
            config.update(props);
            LOG.info("configuration {} set from {}", config.getPid(), file.getName());
        }
    }

    void delete(File file) throws IOException {
        Configuration config = existing(file);
        if (config != null) {
            config.delete();
            LOG.info("configuration {} deleted with {}", config.getPid(), file.getName());
        }
    }

    private Configuration configurationOf(File file) throws IOException {
        Configuration config = existing(file);
        if (config != null) return config;
        String name = file.getName();
        String pid = name.substring(0, name.lastIndexOf('.'));
        int dash = pid.indexOf('-');
        return dash > 0
                ? configAdmin.getFactoryConfiguration(pid.substring(0, dash), pid.substring(dash + 1), "?")
                : configAdmin.getConfiguration(pid, "?");
    }

    private Configuration existing(File file) throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations(
                    "(" + FILE_PROPERTY + "=" + escape(file.toURI().toString()) + ")");
            return found == null ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IOException("cannot look up the configuration of " + file, e);
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
