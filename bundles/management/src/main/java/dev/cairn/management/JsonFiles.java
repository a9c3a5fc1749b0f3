package dev.cairn.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.TreeMap;

/**
 * Keeps a configuration that came from a {@code .json} file in {@code deploy/} or {@code conf/} and its file
 * in agreement after a remote change, as FileInstall does for {@code .cfg} files: otherwise the file would
 * bring the old values back at the next start.
 */
final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {}

    static void rewrite(Dictionary<String, Object> properties) throws IOException {
        Object marker = properties.get("felix.fileinstall.filename");
        if (marker == null || !marker.toString().endsWith(".json")) return;
        Path file;
        try {
            file = Path.of(URI.create(marker.toString()));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!Files.isRegularFile(file)) return;
        TreeMap<String, Object> values = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (!k.equals("felix.fileinstall.filename") && !k.startsWith("service.")) values.put(k, properties.get(k));
        }
        Path temp = file.resolveSibling("." + file.getFileName() + ".writing");
        JSON.writeValue(temp.toFile(), values);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
