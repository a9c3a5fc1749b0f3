package dev.cairn.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;

/**
 * Keeps a system bundle's data area when the bundle changes location. An upgraded (or rolled-back) runtime installs
 * its system bundles from its own {@code system/} folder, so the framework sees new bundles and would drop the old
 * ones' data areas with them: the MQTT transport's outbox of messages not yet sent, the embedded broker's journal.
 * Before a system bundle that is gone is uninstalled, its area moves to {@code carried/<symbolic name>}; when a bundle
 * of that name is installed, the area moves into the new bundle's. Both moves are renames inside the data folder, so a
 * crash between them leaves the area in {@code carried/}, and the next start restores it.
 *
 * <p>The area's place is Felix's bundle cache layout, {@code <storage>/bundle<id>/data}: the framework offers no API
 * for the data area of a bundle that is not started, and reconciliation runs before anything starts.
 */
final class CarriedData {
    private static final Logger LOG = Logger.getLogger("dev.cairn.launcher");

    private final Path storage;
    private final Path carried;

    /** {@code storage}: the framework's storage folder; {@code carried}: where areas wait, on the same file system. */
    CarriedData(Path storage, Path carried) {
        this.storage = storage;
        this.carried = carried;
    }

    /** Moves the data area of a bundle about to be uninstalled aside; a bundle that kept no data has nothing to move. */
    void keep(Bundle gone) throws IOException {
        Path area = area(gone);
        if (isEmpty(area)) return;
        Path held = carried.resolve(gone.getSymbolicName());
        if (Files.exists(held)) {
            // an earlier area of that name was kept and never restored: it is the older state, and it stays
            LOG.warning("data of " + gone.getSymbolicName() + " at " + area + " is dropped: " + held + " is kept already");
            return;
        }
        Files.createDirectories(carried);
        Files.move(area, held, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("kept the data area of " + gone.getSymbolicName() + " in " + held);
    }

    /** Moves a kept area of the bundle's symbolic name into its data area, when there is one and the area is empty. */
    void restore(Bundle b) throws IOException {
        if (b.getSymbolicName() == null) return;
        Path held = carried.resolve(b.getSymbolicName());
        if (!Files.isDirectory(held)) return;
        Path area = area(b);
        if (!isEmpty(area)) {
            LOG.warning("kept data of " + b.getSymbolicName() + " in " + held + " is not restored: " + area + " is in use");
            return;
        }
        Files.deleteIfExists(area);
        Files.createDirectories(area.getParent());
        Files.move(held, area, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("restored the data area of " + b.getSymbolicName() + " from " + held);
    }

    /** Whether any area waits: a start with nothing in {@code carried/} checks no bundle. */
    boolean holdsAny() {
        return Files.isDirectory(carried) && !isEmpty(carried);
    }

    private Path area(Bundle b) {
        return storage.resolve("bundle" + b.getBundleId()).resolve("data");
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.isDirectory(dir)) return true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
