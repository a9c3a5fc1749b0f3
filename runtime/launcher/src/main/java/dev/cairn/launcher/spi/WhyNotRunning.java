package dev.cairn.launcher.spi;

import java.nio.file.Path;
import java.util.Optional;
import org.osgi.framework.Bundle;

/**
 * What {@code cairn status} knows about why something is not running, for other bundles to tell their own
 * callers (the management agent explains a failed remote deploy with it). Registered by the launcher.
 */
public interface WhyNotRunning {

    /** Why {@code bundle} is not doing its work — unresolved requirements, a start failure, a failed component — or empty. */
    Optional<String> bundle(Bundle bundle);

    /** Why the file in {@code deploy/} could not be deployed (not a bundle, corrupt, failed to start), or empty. */
    Optional<String> file(Path file);
}
