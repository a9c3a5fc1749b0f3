package dev.cairn.test;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fleets of one test class, one per {@link CairnTest} and placement, started as soon as a test names them — all
 * placements at once, so that SPLIT boots while MONOLITH runs — and closed with the class.
 */
final class Fleets implements ExtensionContext.Store.CloseableResource {
    private record Key(CairnTest test, Placement placement) {
    }

    private final Path home;
    private final Path workingDir;
    private final Map<Key, CompletableFuture<Fleet>> fleets = new ConcurrentHashMap<>();

    Fleets(Path home, Path workingDir) {
        this.home = home;
        this.workingDir = workingDir;
    }

    void starting(CairnTest test, Placement placement) {
        fleets.computeIfAbsent(new Key(test, placement), k -> CompletableFuture.supplyAsync(() -> {
            try {
                return Fleet.start(test, placement, home, workingDir);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }));
    }

    /** The running fleet, once it is ready; its start's failure otherwise. */
    Fleet get(CairnTest test, Placement placement) {
        starting(test, placement);
        try {
            return fleets.get(new Key(test, placement)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(placement + ": the nodes did not start: " + cause, cause);
        }
    }

    @Override
    public void close() {
        for (CompletableFuture<Fleet> f : fleets.values()) {
            try {
                f.join().close();
            } catch (CompletionException failedToStart) {
                // reported by the test that asked for it; a failed start closed what it had started
            }
        }
    }
}
