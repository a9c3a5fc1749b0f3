package dev.cairn.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The resolved settings of one node: defaults, overridden by {@code conf/cairn.properties}, by the
 * environment, then by flags. Keys the file holds beyond {@link Setting} (for instance {@code felix.*}
 * or {@code org.osgi.*}) are passed to the framework as they are.
 */
final class NodeSettings {
    private final Path home;
    private final Map<String, String> values;

    private NodeSettings(Path home, Map<String, String> values) {
        this.home = home;
        this.values = Collections.unmodifiableMap(values);
    }

    static NodeSettings resolve(Path home, Path confFile, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            if (s.defaultValue != null) values.put(s.key, s.defaultValue);
        }
        values.putAll(readProperties(confFile));
        for (Setting s : Setting.values()) {
            String fromEnv = env.get(s.envName());
            if (fromEnv != null && !fromEnv.isBlank()) values.put(s.key, fromEnv.trim());
        }
        values.putAll(flags);
        values.computeIfAbsent(Setting.NODE_ID.key, k -> HostName.get());
        NodeSettings settings = new NodeSettings(home, values);
        settings.validate();
        return settings;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    private void validate() {
        String id = get(Setting.NODE_ID);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new SettingsException(Setting.NODE_ID.key + " '" + id
                    + "' is not valid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String labels = get(Setting.NODE_LABELS);
        if (!labels.isBlank() && !labels.matches("\\s*[\\w.-]+=[\\w.-]*\\s*(,\\s*[\\w.-]+=[\\w.-]*\\s*)*")) {
            throw new SettingsException(Setting.NODE_LABELS.key + " '" + labels
                    + "' is not valid: write key=value pairs separated by commas, e.g. role=sensor,site=greenhouse");
        }
        LogLevel.parse(get(Setting.LOG_LEVEL));
        positive(Setting.LOG_FILE_SIZE_MB);
        positive(Setting.LOG_FILE_COUNT);
        positive(Setting.DEPLOY_POLL_MS);
        positive(Setting.STOP_TIMEOUT_MS);
    }

    private void positive(Setting s) {
        String raw = get(s);
        try {
            if (Long.parseLong(raw) > 0) return;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SettingsException(s.key + " must be a positive whole number, not '" + raw + "'");
    }

    String get(Setting s) {
        return values.get(s.key);
    }

    long getLong(Setting s) {
        return Long.parseLong(get(s));
    }

    /** A directory setting, resolved against the node's home when relative. */
    Path dir(Setting s) {
        return home.resolve(get(s)).toAbsolutePath().normalize();
    }

    Path home() {
        return home;
    }

    String nodeId() {
        return get(Setting.NODE_ID);
    }

    /** Keys of the file meant for the framework itself (felix.*, org.osgi.*). */
    Map<String, String> frameworkProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("felix.") || k.startsWith("org.osgi.")) out.put(k, v);
        });
        return out;
    }

    /** The socket through which {@code cairn status} reaches a running node. */
    Path controlSocket() {
        return dir(Setting.DATA_DIR).resolve("cairn.sock");
    }

    static final class SettingsException extends RuntimeException {
        SettingsException(String message) {
            super(message);
        }
    }
}
