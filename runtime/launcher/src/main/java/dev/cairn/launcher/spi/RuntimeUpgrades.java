package dev.cairn.launcher.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The node's own runtime (bin/, lib/, system/) and its upgrade, registered by the launcher. A new runtime
 * is unpacked beside the running one, under {@code data/runtime/}; the node restarts into it on trial and
 * the launcher commits it only once it has been healthy (system bundles active, every bundle that was
 * active before active again, every {@link Readiness} ready) within the health window. Otherwise the node
 * restarts into the runtime it came from, and {@link #lastOutcome()} says why. README, "Upgrading Cairn".
 */
public interface RuntimeUpgrades {

    /** The version of the runtime this node runs, as {@code cairn --version} prints it. */
    String runningVersion();

    /**
     * Unpacks a Cairn tarball ({@code cairn-VERSION.tar.gz}) beside the running runtime and checks that it
     * is one: {@code bin/cairn}, {@code lib/cairn.jar} and {@code system/}. Nothing else changes.
     *
     * @throws IOException when the file is not a Cairn runtime (the message says what is missing or wrong),
     *                     or is the version already running
     */
    Staged stage(Path tarball) throws IOException;

    /**
     * Restarts the node into a staged runtime, on trial for {@code healthWindow}. Returns at once: the
     * node stops shortly after (the caller has time to reply).
     *
     * @throws IllegalStateException when an upgrade is already on trial
     */
    void restartInto(Staged runtime, Duration healthWindow);

    /** The last upgrade's outcome, also after the restarts it took; empty before any upgrade. */
    Optional<Outcome> lastOutcome();

    /** The upgrade running on trial now, if any. */
    Optional<Trial> trial();

    /** A runtime unpacked and checked, ready to restart into. */
    record Staged(String name, String version, Path folder) {
    }

    /** An upgrade on trial: the node runs {@code version}, coming from {@code from}, until {@code deadline}. */
    record Trial(String id, String version, String from, Instant deadline) {
    }

    /** How an upgrade ended: committed, or rolled back to {@code from} for {@code reason}. */
    record Outcome(String id, String version, String from, boolean committed, String reason, Instant at) {
    }
}
