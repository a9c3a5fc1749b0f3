package dev.cairn.management;

import dev.cairn.observe.BundleStates;
import dev.cairn.launcher.spi.DeployProblems;
import dev.cairn.launcher.spi.WhyNotRunning;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote deploy through the same folder as drop-in deploy: a complete, verified upload is moved into
 * {@code deploy/} atomically (a hidden temporary name, then a rename, which the deploy watcher ignores and
 * then sees whole), and the watcher installs or updates it. The reply waits until the bundle is ACTIVE, or
 * restores the file that was there before (or removes the new one) when it does not resolve or start in
 * time, and says why.
 */
final class DeployOps {
    static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.jar");
    private static final Logger LOG = LoggerFactory.getLogger(DeployOps.class);
    private static final long RECHECK_MS = 50;
    private static final long SETTLE_MS = 300;

    private final BundleContext context;
    private final Path deploy;
    private final Path backups;
    private final Uploads uploads;
    private final BundleOps bundles;
    private final Supplier<WhyNotRunning> why;
    private final Supplier<DeployProblems> problems;
    private volatile long timeoutMs;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    DeployOps(BundleContext context, Path deploy, Path work, long maxBytes, BundleOps bundles,
              Supplier<WhyNotRunning> why, Supplier<DeployProblems> problems, long timeoutMs) throws IOException {
        this.context = context;
        this.deploy = deploy;
        this.backups = Files.createDirectories(work.resolve("previous"));
        this.uploads = new Uploads(work.resolve("uploads"), maxBytes);
        this.bundles = bundles;
        this.why = why;
        this.problems = problems;
        this.timeoutMs = timeoutMs;
    }

    /** New limits, for the next upload and the next wait. */
    void limits(long maxBytes, long timeoutMs) {
        uploads.maxBytes(maxBytes);
        this.timeoutMs = timeoutMs;
    }

    /** {@code bundles.install} (replace = false) and {@code bundles.update} (replace = true): one chunk, or a probe. */
    Map<String, Object> upload(Args args, boolean replace) throws OperationException {
        Uploads.Upload u = uploads.announced(args);
        Path target = deploy.resolve(u.file());
        boolean exists = Files.exists(target);
        if (replace && !exists) throw new OperationException(ErrorCode.NOT_FOUND, "deploy/" + u.file() + " does not exist: install it instead", "file");
        try {
            if (exists && FileHashes.sha256(target).equals(u.sha256())) {
                Optional<Bundle> b = bundleOf(target);
                if (b.isPresent()) return done(u.size(), bundles.row(b.get()), false);
            }
            if (!replace && exists) throw new OperationException(ErrorCode.FAILED, "deploy/" + u.file() + " exists: update it instead", "file");
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
            return done(u.size(), activate(uploads.complete(u), target), true);
        } catch (IOException e) {
            throw new OperationException(ErrorCode.FAILED, "cannot store " + u.file() + ": " + e.getMessage());
        }
    }

    Map<String, Object> uninstall(Args args) throws OperationException {
        Bundle b = bundles.find(args.idOrName("bundle"));
        bundles.mayChange(b, "uninstall");
        Optional<Path> file = bundles.deployFile(b);
        try {
            if (file.isPresent()) {
                // deleting the file is what the deploy watcher obeys; uninstalling alone would be undone
                Files.deleteIfExists(file.get());
                awaitState(b, Bundle.UNINSTALLED);
                if (b.getState() != Bundle.UNINSTALLED) throw new OperationException(ErrorCode.FAILED,
                        "deploy/" + file.get().getFileName() + " is deleted but " + b.getSymbolicName() + " is still " + BundleStates.name(b));
            } else {
                b.uninstall();
            }
        } catch (IOException | org.osgi.framework.BundleException | IllegalStateException e) {
            throw new OperationException(ErrorCode.FAILED, "cannot uninstall " + b.getSymbolicName() + ": " + Causes.of(e));
        }
        Map<String, Object> gone = new java.util.LinkedHashMap<>();
        gone.put("id", b.getBundleId());
        gone.put("name", b.getSymbolicName());
        gone.put("version", b.getVersion().toString());
        gone.put("state", BundleStates.name(b));
        gone.put("file", file.map(f -> f.getFileName().toString()).orElse(null));
        return gone;
    }

    /** The bundle as listed, with the bytes received and whether anything changed. */
    private Map<String, Object> done(long size, Map<String, Object> bundle, boolean changed) {
        Map<String, Object> result = new java.util.LinkedHashMap<>(bundle);
        result.put("received", size);
        result.put("changed", changed);
        return result;
    }

    private Map<String, Object> activate(Path complete, Path target) throws OperationException, IOException {
        boolean locked;
        try {
            locked = oneAtATime.tryLock(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException(ErrorCode.BUSY, "interrupted while waiting for another deploy");
        }
        if (!locked) throw new OperationException(ErrorCode.BUSY, "another deploy is still running; try again");
        try {
            Path backup = backups.resolve(target.getFileName());
            boolean hadPrevious = Files.exists(target);
            if (hadPrevious) Files.copy(target, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            long before = bundleOf(target).map(Bundle::getLastModified).orElse(Long.MIN_VALUE);
            clearProblem(target);
            moveIn(complete, target);
            Outcome outcome = await(target, before);
            if (outcome.bundle != null && outcome.failure == null) {
                Files.deleteIfExists(backup);
                LOG.info("deployed {} {} from a remote upload ({})", outcome.bundle.getSymbolicName(), outcome.bundle.getVersion(), target.getFileName());
                return bundles.row(outcome.bundle);
            }
            throw rollBack(target, backup, hadPrevious, outcome.failure);
        } finally {
            oneAtATime.unlock();
        }
    }

    private OperationException rollBack(Path target, Path backup, boolean hadPrevious, String failure) throws IOException {
        String what;
        clearProblem(target);
        if (hadPrevious) {
            long before = bundleOf(target).map(Bundle::getLastModified).orElse(Long.MIN_VALUE);
            Path restoring = deploy.resolve("." + target.getFileName() + ".restoring");
            Files.copy(backup, restoring, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            // the restored file must look changed to the watcher even though its time stamp is the old one
            Files.setLastModifiedTime(restoring, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            moveIn(restoring, target);
            Outcome restored = await(target, before);
            Files.deleteIfExists(backup);
            what = restored.failure == null
                    ? "rolled back to " + restored.bundle.getSymbolicName() + " " + restored.bundle.getVersion()
                    : "restored the previous file, which did not start either: " + restored.failure;
        } else {
            Optional<Bundle> b = bundleOf(target);
            Files.deleteIfExists(target);
            b.ifPresent(x -> awaitState(x, Bundle.UNINSTALLED));
            what = "removed it again";
        }
        LOG.warn("remote deploy of {} failed: {}; {}", target.getFileName(), failure, what);
        return new OperationException(ErrorCode.ROLLED_BACK, target.getFileName() + " " + failure + "; " + what, "file");
    }

    private void moveIn(Path source, Path target) throws IOException {
        Path hidden = deploy.resolve("." + target.getFileName() + ".incoming");
        if (!source.equals(hidden)) Files.move(source, hidden, StandardCopyOption.REPLACE_EXISTING);
        Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void clearProblem(Path target) {
        DeployProblems p = problems.get();
        if (p != null) p.clear(target);
    }

    private record Outcome(Bundle bundle, String failure) {}

    /** Waits until the file's bundle, installed or updated after {@code before}, runs — or says why it does not. */
    private Outcome await(Path target, long before) {
        Semaphore changed = new Semaphore(0);
        BundleListener listener = e -> changed.release();
        context.addBundleListener(listener);
        try {
            long deadline = System.currentTimeMillis() + timeoutMs;
            long problemSince = 0;
            while (true) {
                Optional<Bundle> b = bundleOf(target).filter(x -> x.getLastModified() > before);
                WhyNotRunning w = why.get();
                Optional<String> fileProblem = w == null ? Optional.empty() : w.file(target);
                if (b.isPresent() && BundleStates.running(b.get())) return new Outcome(b.get(), null);
                // Before the new file is installed a problem may still be the old bundle's (a retried start), and
                // the log delivers reports late: a problem counts once the file's new bundle exists (or nothing
                // was there) and the problem has stood for SETTLE_MS without the bundle starting.
                boolean fresh = b.isPresent() || before == Long.MIN_VALUE;
                if (fileProblem.isPresent() && fresh) {
                    if (problemSince == 0) problemSince = System.currentTimeMillis();
                    if (System.currentTimeMillis() - problemSince >= SETTLE_MS) return new Outcome(b.orElse(null), fileProblem.get());
                } else {
                    problemSince = 0;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    if (b.isEmpty()) return new Outcome(null, fileProblem.orElse("was not picked up from deploy/ within " + timeoutMs + " ms"));
                    String reason = w == null ? "" : w.bundle(b.get()).orElse("");
                    return new Outcome(b.get(), "did not start within " + timeoutMs + " ms (" + BundleStates.name(b.get())
                            + (reason.isEmpty() ? "" : ": " + reason) + ")");
                }
                changed.tryAcquire(Math.min(left, RECHECK_MS), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "was interrupted while waiting for it to start");
        } finally {
            context.removeBundleListener(listener);
        }
    }

    private void awaitState(Bundle b, int state) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Semaphore changed = new Semaphore(0);
        BundleListener listener = e -> changed.release();
        context.addBundleListener(listener);
        try {
            while (b.getState() != state && System.currentTimeMillis() < deadline) changed.tryAcquire(RECHECK_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.removeBundleListener(listener);
        }
    }

    private Optional<Bundle> bundleOf(Path file) {
        for (Bundle b : context.getBundles()) {
            if (bundles.deployFile(b).filter(file::equals).isPresent()) return Optional.of(b);
        }
        return Optional.empty();
    }
}
