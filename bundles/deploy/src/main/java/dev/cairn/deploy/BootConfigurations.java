package dev.cairn.deploy;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Properties;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the configurations in {@code conf/} ({@code <pid>.cfg}, {@code <pid>.json}; factories as
 * {@code <factoryPid>-<name>}) when the node starts, before the platform bundles that use them and
 * long before anything in deploy/: how a node is provisioned — its broker, its embedded broker —
 * is in force before any application bundle publishes. Unlike deploy/, conf/ is read once per start.
 */
@Component(service = {})
public final class BootConfigurations {
    private static final Logger LOG = LoggerFactory.getLogger(BootConfigurations.class);

    @Activate
    public BootConfigurations(@Reference ConfigurationAdmin configAdmin, BundleContext context) {
        String home = context.getProperty("cairn.home");
        if (home != null) apply(new ConfigFiles(configAdmin), Path.of(home, "conf"));
    }

    static void apply(ConfigFiles configs, Path conf) {
        if (!Files.isDirectory(conf)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(conf, "*.{cfg,json}")) {
            for (Path file : files) {
                try {
                    configs.apply(file.toFile(), read(file));
                } catch (IOException | JsonConfig.InvalidConfigException | IllegalArgumentException e) {
                    LOG.error("conf/{} is not applied: {}", file.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("cannot read {}: {}", conf, e.toString());
        }
    }

    static Hashtable<String, Object> read(Path file) throws IOException, JsonConfig.InvalidConfigException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (file.toString().endsWith(".json")) return JsonConfig.parse(in);
            Properties p = new Properties();
            p.load(in);
            Hashtable<String, Object> props = new Hashtable<>();
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k).trim()));
            return props;
        }
    }

}
