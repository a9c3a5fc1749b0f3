package dev.cairn.management;

import dev.cairn.management.protocol.Keys;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys this node obeys: every {@code *.pub} file of its trusted-keys folders, by key id. The
 * folders are read again when their listing or a file's time stamp changes, so trusting or revoking a key
 * needs no restart. A file that is not a key is logged once and skipped.
 */
final class TrustedKeys {
    private static final Logger LOG = LoggerFactory.getLogger(TrustedKeys.class);
    private static final long RECHECK_MS = 1000;

    private final List<Path> sources;
    private Map<String, PublicKey> byId = Map.of();
    private Map<Path, Long> seen = Map.of();
    private long checkedAt = -RECHECK_MS;   // the first call reads the folders

    /** {@code sources}: folders of {@code *.pub} files, or single {@code .pub} files. */
    TrustedKeys(List<Path> sources) {
        this.sources = List.copyOf(sources);
    }

    synchronized Optional<PublicKey> get(String keyId) {
        long now = System.currentTimeMillis();
        if (now - checkedAt >= RECHECK_MS) {
            checkedAt = now;
            Map<Path, Long> files = listing();
            if (!files.equals(seen)) load(files);
        }
        return Optional.ofNullable(byId.get(keyId));
    }

    synchronized int size() {
        get("");
        return byId.size();
    }

    private Map<Path, Long> listing() {
        Map<Path, Long> files = new TreeMap<>();
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(source, "*.pub")) {
                    for (Path f : dir) files.put(f, modified(f));
                } catch (IOException e) {
                    LOG.warn("cannot read trusted keys in {}: {}", source, e.toString());
                }
            } else if (Files.isRegularFile(source)) {
                files.put(source, modified(source));
            }
        }
        return files;
    }

    private void load(Map<Path, Long> files) {
        Map<String, PublicKey> keys = new HashMap<>();
        for (Path f : files.keySet()) {
            try {
                PublicKey k = Keys.readPublic(f);
                keys.put(Keys.id(k), k);
            } catch (IOException e) {
                if (!seen.containsKey(f) || !seen.get(f).equals(files.get(f))) LOG.warn("not a trusted key: {}", e.getMessage());
            }
        }
        byId = Map.copyOf(keys);
        seen = files;
        if (!seen.isEmpty() || !keys.isEmpty()) LOG.info("trusted management keys now: {}", keys.isEmpty() ? "none" : String.join(", ", new TreeMap<>(keys).keySet()));
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }
}
