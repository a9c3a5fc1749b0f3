package dev.cairn.launcher;

import dev.cairn.launcher.spi.DeployProblems;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Why a deployed file is not running, keyed by its absolute path: reported once to the log and
 * kept for {@code cairn status} until the file is fixed, replaced or removed.
 */
final class Problems implements DeployProblems {
    private static final Logger LOG = Logger.getLogger("dev.cairn.deploy");

    private final Map<Path, String> byFile = new ConcurrentHashMap<>();

    @Override
    public void report(Path file, String reason) {
        Path key = file.toAbsolutePath().normalize();
        String previous = byFile.put(key, reason);
        if (!reason.equals(previous)) {
            LOG.severe(key.getFileName() + ": " + reason);
        }
    }

    @Override
    public void clear(Path file) {
        byFile.remove(file.toAbsolutePath().normalize());
    }

    Optional<String> of(Path file) {
        return Optional.ofNullable(byFile.get(file.toAbsolutePath().normalize()));
    }

    /** A snapshot, for status. */
    Map<Path, String> all() {
        return Map.copyOf(byFile);
    }
}
