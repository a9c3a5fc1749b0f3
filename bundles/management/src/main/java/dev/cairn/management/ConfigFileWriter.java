package dev.cairn.management;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Keeps a configuration that came from a file ({@code .cfg} or {@code .json}, in {@code deploy/} or
 * {@code conf/}) and its file in agreement after a change made through management, so a restart does not
 * bring the old values back. The node turns FileInstall's own write-back off
 * ({@code felix.fileinstall.enableConfigSave=false}): it rewrote a {@code .cfg} at every configuration
 * event, and an edit an operator saved while that event was on its way was overwritten with the older
 * values. Here a file is written only for a change that did not come from it.
 */
final class ConfigFileWriter {
    static final String MARKER = "felix.fileinstall.filename";

    private ConfigFileWriter() {}

    static void rewrite(Dictionary<String, Object> properties) throws IOException {
        Path file = file(properties);
        if (file == null) return;
        String name = file.getFileName().toString();
        TreeMap<String, Object> values = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (!k.equals(MARKER) && !k.startsWith("service.")) values.put(k, properties.get(k));
        }
        Path temp = file.resolveSibling("." + name + ".writing");
        if (name.endsWith(".json")) {
            Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), values);
        } else {
            Properties cfg = new Properties();
            values.forEach((k, v) -> cfg.setProperty(k, text(v)));
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                cfg.store(w, "written by Cairn management");
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A configuration deleted through management: the file it came from goes too, or FileInstall would
     * bring it back at the next start. Returns the file deleted, or null when it came from none.
     */
    static Path remove(Dictionary<String, Object> properties) throws IOException {
        Path file = file(properties);
        if (file == null) return null;
        Files.deleteIfExists(file);
        return file;
    }

    /** The .cfg or .json file a configuration came from, or null. */
    private static Path file(Dictionary<String, Object> properties) {
        Object marker = properties == null ? null : properties.get(MARKER);
        if (marker == null) return null;
        Path file;
        try {
            file = Path.of(URI.create(marker.toString()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".json") || name.endsWith(".cfg")) ? file : null;
    }

    /** A .cfg holds text: several values are written comma-separated (a .json file keeps them a list). */
    private static String text(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof Collection<?> c) c.forEach(x -> items.add(String.valueOf(x)));
        else if (value != null && value.getClass().isArray()) for (int i = 0; i < Array.getLength(value); i++) items.add(String.valueOf(Array.get(value, i)));
        else return String.valueOf(value);
        return String.join(",", items);
    }
}
