package dev.cairn.management;

import dev.cairn.observe.BundleStates;
import dev.cairn.launcher.spi.WhyNotRunning;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Listing, starting and stopping bundles. The node's own platform (the framework and its system bundles,
 * installed from {@code system/}) is listed but not stopped or removed remotely: without it the node could
 * not be reached to undo the mistake.
 */
final class BundleOps {
    static final String SYSTEM_LOCATION = "reference:";

    private final BundleContext context;
    private final Path deploy;
    private final FileHashes hashes;
    private final Supplier<WhyNotRunning> why;

    BundleOps(BundleContext context, Path deploy, FileHashes hashes, Supplier<WhyNotRunning> why) {
        this.context = context;
        this.deploy = deploy;
        this.hashes = hashes;
        this.why = why;
    }

    List<Map<String, Object>> list() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Bundle b : context.getBundles()) rows.add(row(b));
        return rows;
    }

    Map<String, Object> start(Args args) throws OperationException {
        Bundle b = find(args.idOrName("bundle"));
        mayChange(b, "start");
        try {
            b.start();
        } catch (BundleException | IllegalStateException e) {
            throw new OperationException(ErrorCode.FAILED, b.getSymbolicName() + " did not start: " + Causes.of(e));
        }
        return row(b);
    }

    Map<String, Object> stop(Args args) throws OperationException {
        Bundle b = find(args.idOrName("bundle"));
        mayChange(b, "stop");
        try {
            b.stop();
        } catch (BundleException | IllegalStateException e) {
            throw new OperationException(ErrorCode.FAILED, b.getSymbolicName() + " did not stop: " + Causes.of(e));
        }
        return row(b);
    }

    Bundle find(String idOrName) throws OperationException {
        if (idOrName.chars().allMatch(Character::isDigit)) {
            Bundle b = context.getBundle(Long.parseLong(idOrName));
            if (b == null) throw new OperationException(ErrorCode.NOT_FOUND, "no bundle " + idOrName, "bundle");
            return b;
        }
        List<Bundle> named = new ArrayList<>();
        for (Bundle b : context.getBundles()) if (idOrName.equals(b.getSymbolicName())) named.add(b);
        if (named.isEmpty()) throw new OperationException(ErrorCode.NOT_FOUND, "no bundle named " + idOrName, "bundle");
        if (named.size() > 1) throw new OperationException(ErrorCode.BAD_REQUEST,
                named.size() + " bundles are named " + idOrName + ": give the id", "bundle");
        return named.get(0);
    }

    void mayChange(Bundle b, String what) throws OperationException {
        if (b.getBundleId() == 0 || b.getLocation().startsWith(SYSTEM_LOCATION) || b.equals(context.getBundle()))
            throw new OperationException(ErrorCode.FAILED, "will not " + what + " " + b.getSymbolicName()
                    + ": it is part of the node's platform (system/), which remote management must not take down", "bundle");
    }

    /** The deploy/ file a bundle came from, if it did. */
    Optional<Path> deployFile(Bundle b) {
        try {
            String location = b.getLocation();
            if (!location.startsWith("file:")) return Optional.empty();
            Path file = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return file.getParent() != null && file.getParent().equals(deploy) ? Optional.of(file) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    Map<String, Object> row(Bundle b) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", b.getBundleId());
        row.put("name", b.getSymbolicName());
        row.put("version", b.getVersion().toString());
        row.put("state", BundleStates.name(b));
        BundleStartLevel level = b.adapt(BundleStartLevel.class);
        row.put("level", level == null ? 0 : level.getStartLevel());
        row.put("location", b.getLocation());
        Optional<Path> file = deployFile(b);
        row.put("file", file.map(f -> f.getFileName().toString()).orElse(null));
        String sha = null;
        if (file.isPresent()) {
            try {
                sha = hashes.of(file.get());
            } catch (IOException e) {
                // the file is gone or unreadable: the bundle stays, its file has no hash
            }
        }
        row.put("sha256", sha);
        WhyNotRunning w = why.get();
        row.put("reason", w == null || b.getState() == Bundle.UNINSTALLED ? null : w.bundle(b).orElse(null));
        return row;
    }
}
