package dev.cairn.ctl.cli;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;
import org.slf4j.helpers.NOPLogger;

/**
 * Watches what a Maven build reads: {@code src/} (every folder in it, also those made later) and {@code pom.xml}.
 * io.methvin's directory-watcher does the watching: it registers new folders as they appear, uses FSEvents on macOS
 * (the JDK's WatchService polls there, every 2 to 10 s), and compares file hashes, so a save that changed nothing
 * is no change. Its tree visitor is ours: it never enters {@code target/} or anything else beside {@code src/}, so
 * the build's own output neither costs hashing nor triggers a build.
 */
final class ProjectWatcher implements AutoCloseable {
    private final Path root;
    private final Path src;
    private final Path pom;
    private final DirectoryWatcher watcher;

    /** {@code onChange} gets the file changed, on the watcher's thread; {@code onError} what the watcher met. */
    ProjectWatcher(Path project, Consumer<Path> onChange, Consumer<Exception> onError) throws IOException {
        this.root = project.toAbsolutePath().normalize();
        this.src = root.resolve("src");
        this.pom = root.resolve("pom.xml");
        DirectoryChangeListener listener = new DirectoryChangeListener() {
            @Override
            public void onEvent(DirectoryChangeEvent e) {
                Path p = e.path() == null ? null : e.path().toAbsolutePath().normalize();
                if (e.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) onChange.accept(root);   // events were lost: build to be sure
                else if (p != null && watched(p)) onChange.accept(p);
            }

            @Override
            public void onException(Exception e) {
                onError.accept(e);
            }
        };
        this.watcher = DirectoryWatcher.builder().path(root).listener(listener).fileTreeVisitor(new SourcesOnly())
                .logger(NOPLogger.NOP_LOGGER).build();
    }

    /** Whether a change of {@code p} calls for a build. */
    boolean watched(Path p) {
        return p.equals(pom) || p.startsWith(src);
    }

    /** Starts watching on a daemon thread of its own. */
    ProjectWatcher start() {
        watcher.watchAsync(r -> {
            Thread t = new Thread(r, "cairnctl dev watcher");
            t.setDaemon(true);
            t.start();
        });
        return this;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // stopping anyway
        }
    }

    /** Visits the project folder itself (for pom.xml and a src/ made later) and everything in src/, nothing else. */
    private final class SourcesOnly implements FileTreeVisitor {
        @Override
        public void recursiveVisitFiles(Path start, Callback onDirectory, Callback onFile) throws IOException {
            if (!Files.exists(start)) return;
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path d = dir.toAbsolutePath().normalize();
                    if (!d.equals(root) && !d.startsWith(src)) return FileVisitResult.SKIP_SUBTREE;
                    onDirectory.call(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (watched(file.toAbsolutePath().normalize())) onFile.call(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;   // a file gone while walking: its event comes anyway
                }
            });
        }
    }
}
