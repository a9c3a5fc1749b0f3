package dev.cairn.management;

import dev.cairn.launcher.spi.RuntimeUpgrades;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own runtime upgrade, remotely: {@code node.upgrade} takes a Cairn tarball in chunks exactly
 * as {@code bundles.install} takes a bundle (resumable, SHA-256-checked), and on the last chunk has the
 * launcher unpack it beside the running runtime and restart into it on trial; {@code node.upgrade.status}
 * says what runs, what is on trial and how the last upgrade ended. The health window, the commit and the
 * roll-back are the launcher's ({@link RuntimeUpgrades}): they outlive this bundle's restarts.
 */
final class UpgradeOps {
    static final String WINDOW = "health.window.ms";
    static final long DEFAULT_WINDOW_MS = 60_000;
    static final long MIN_WINDOW_MS = 5_000;
    static final long MAX_WINDOW_MS = 3_600_000;
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeOps.class);

    private final Uploads uploads;
    private final Supplier<RuntimeUpgrades> upgrades;
    private final Supplier<String> version;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    /** The version this node restarts into, once it has been asked to: nothing more is taken until it has. */
    private volatile String restartingInto;

    /**
     * @param work     where uploads are kept until complete
     * @param upgrades the launcher's service, or null when this node's launcher offers none
     * @param version  the running version as the framework says, for a node without the service
     */
    UpgradeOps(Path work, long maxBytes, Supplier<RuntimeUpgrades> upgrades, Supplier<String> version) throws IOException {
        this.uploads = new Uploads(work.resolve("uploads"), maxBytes, Uploads.Kind.RUNTIME);
        this.upgrades = upgrades;
        this.version = version;
    }

    void maxBytes(long bytes) {
        uploads.maxBytes(bytes);
    }

    /** {@code node.upgrade}: one chunk, or a probe (no {@code data}); the last chunk stages and restarts. */
    Map<String, Object> upgrade(Args args) throws OperationException {
        RuntimeUpgrades runtime = service();
        String pending = restartingInto;
        if (pending != null) throw new OperationException(ErrorCode.BUSY, "this node is restarting into Cairn " + pending + " already");
        var trial = runtime.trial();
        if (trial.isPresent()) throw new OperationException(ErrorCode.BUSY, "an upgrade to Cairn " + trial.get().version() + " (from "
                + trial.get().from() + ") is on trial until " + trial.get().deadline() + "; wait for its outcome (node.upgrade.status)");
        Duration window = window(args);
        Uploads.Upload u = uploads.announced(args);
        try {
            if (!args.has("data")) return Map.of("received", uploads.received(u));
            long offset = args.number("offset");
            byte[] chunk;
            try {
                String data = args.optionalString("data");   // "" finishes an upload whose bytes had all arrived
                chunk = Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw new OperationException(ErrorCode.BAD_REQUEST, "data is not base64: " + e.getMessage(), "data");
            }
            long received = uploads.append(u, offset, chunk);
            if (received < u.size()) return Map.of("received", received);
            return restart(runtime, u, uploads.complete(u), window);
        } catch (IOException e) {
            throw new OperationException(ErrorCode.FAILED, "cannot store " + u.file() + ": " + e.getMessage());
        }
    }

    private Map<String, Object> restart(RuntimeUpgrades runtime, Uploads.Upload u, Path tarball, Duration window)
            throws OperationException, IOException {
        if (!oneAtATime.tryLock()) throw new OperationException(ErrorCode.BUSY, "another upgrade is being unpacked; try again once it is done");
        try {
            if (restartingInto != null) throw new OperationException(ErrorCode.BUSY, "this node is restarting into Cairn " + restartingInto + " already");
            RuntimeUpgrades.Staged staged;
            try {
                staged = runtime.stage(tarball);
            } catch (IOException e) {
                throw new OperationException(ErrorCode.BAD_REQUEST, u.file() + ": " + e.getMessage(), "file");
            } finally {
                // unpacked or refused: the tarball has served either way, and a retry starts afresh
                uploads.discard(u);
            }
            try {
                runtime.restartInto(staged, window);
            } catch (IllegalStateException e) {
                throw new OperationException(ErrorCode.BUSY, e.getMessage());
            }
            restartingInto = staged.version();
            LOG.info("upgrade: Cairn {} from {} unpacked into {}; restarting into it on trial for {} ms",
                    staged.version(), runtime.runningVersion(), staged.folder(), window.toMillis());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("received", u.size());
            result.put("version", staged.version());
            result.put("from", runtime.runningVersion());
            result.put("healthWindowMs", window.toMillis());
            result.put("restarting", true);
            return result;
        } finally {
            oneAtATime.unlock();
        }
    }

    /** {@code node.upgrade.status}: the running version, the trial, the last outcome. */
    Map<String, Object> status() {
        RuntimeUpgrades runtime = upgrades.get();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("version", runtime == null ? version.get() : runtime.runningVersion());
        s.put("upgradable", runtime != null);
        s.put("restartingInto", restartingInto);
        s.put("trial", runtime == null ? null : runtime.trial().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("version", t.version());
            m.put("from", t.from());
            m.put("deadline", t.deadline().toString());
            return m;
        }).orElse(null));
        s.put("lastOutcome", runtime == null ? null : runtime.lastOutcome().map(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", o.id());
            m.put("version", o.version());
            m.put("from", o.from());
            m.put("committed", o.committed());
            m.put("reason", o.reason());
            m.put("at", o.at().toString());
            return m;
        }).orElse(null));
        return s;
    }

    private RuntimeUpgrades service() throws OperationException {
        RuntimeUpgrades runtime = upgrades.get();
        if (runtime == null) throw new OperationException(ErrorCode.FAILED, "this node's launcher cannot upgrade itself "
                + "(it offers no RuntimeUpgrades service: a launcher older than Cairn's A/B upgrades)");
        return runtime;
    }

    private static Duration window(Args args) throws OperationException {
        if (!args.has(WINDOW)) return Duration.ofMillis(DEFAULT_WINDOW_MS);
        long ms = args.number(WINDOW);
        if (ms < MIN_WINDOW_MS || ms > MAX_WINDOW_MS) throw new OperationException(ErrorCode.BAD_REQUEST,
                WINDOW + " must be between " + MIN_WINDOW_MS + " and " + MAX_WINDOW_MS + " ms, not " + ms, WINDOW);
        return Duration.ofMillis(ms);
    }
}
