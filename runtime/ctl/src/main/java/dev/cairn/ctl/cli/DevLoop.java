package dev.cairn.ctl.cli;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The dev loop's timing, apart from what a cycle does: changes are signalled from any thread ({@link #changed});
 * one worker thread waits until they stop coming for {@code quiet} (an editor's save burst, a {@code git checkout}),
 * then runs one cycle (build and deploy). Changes during a cycle make exactly one more cycle after it, so the
 * worker never builds twice at once and never builds what it already built. A failing cycle does not end the loop.
 */
final class DevLoop implements AutoCloseable {
    /** What the loop runs; interrupted when the loop closes. */
    interface Cycle {
        /** {@code firstChangeNanos}: {@link System#nanoTime()} of the first change this cycle builds. */
        void run(long firstChangeNanos) throws InterruptedException;
    }

    /** What the loop tells about itself, on its worker thread. */
    interface Listener {
        Listener NONE = new Listener() {};

        /** A cycle threw: the loop goes on. */
        default void failed(RuntimeException e) {}

        /** Waiting for the next change, all seen changes built. */
        default void idle() {}
    }

    private final Duration quiet;
    private final Cycle cycle;
    private final Listener listener;
    private final Object lock = new Object();
    private final Thread worker;
    /** Changes signalled since the worker last took them; guarded by {@link #lock}. */
    private long pending;
    private long firstChangeNanos;
    private long lastChangeNanos;
    private boolean closed;

    DevLoop(Duration quiet, Cycle cycle, Listener listener) {
        if (quiet.isNegative()) throw new IllegalArgumentException("quiet period " + quiet + " is negative");
        this.quiet = quiet;
        this.cycle = Objects.requireNonNull(cycle, "cycle");
        this.listener = listener == null ? Listener.NONE : listener;
        this.worker = new Thread(this::work, "cairnctl dev loop");
        this.worker.setDaemon(true);
    }

    /** Starts the worker; a first cycle runs at once if a change was signalled before. */
    DevLoop start() {
        worker.start();
        return this;
    }

    /** Something of the project changed; any thread. */
    void changed() {
        synchronized (lock) {
            lastChangeNanos = System.nanoTime();
            if (pending++ == 0) firstChangeNanos = lastChangeNanos;
            lock.notifyAll();
        }
    }

    /** Changes not yet taken by a cycle. */
    long pending() {
        synchronized (lock) {
            return pending;
        }
    }

    private void work() {
        try {
            while (true) {
                long first = awaitQuietChanges();
                try {
                    cycle.run(first);
                } catch (RuntimeException e) {
                    listener.failed(e);
                }
                if (Thread.currentThread().isInterrupted()) return;
                synchronized (lock) {
                    if (closed) return;
                    if (pending > 0) continue;
                }
                listener.idle();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /**
     * Blocks until at least one change came and none for {@code quiet} since the last; takes them all and returns
     * when the first of them came.
     */
    private long awaitQuietChanges() throws InterruptedException {
        synchronized (lock) {
            while (!closed && pending == 0) lock.wait();
            while (!closed) {
                long left = quiet.toNanos() - (System.nanoTime() - lastChangeNanos);
                if (left <= 0) break;
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (closed) throw new InterruptedException("closed");
            pending = 0;
            return firstChangeNanos;
        }
    }

    /** Stops the worker, interrupting a running cycle, and waits up to {@code wait} for it to end. */
    boolean close(Duration wait) throws InterruptedException {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        worker.interrupt();
        worker.join(Math.max(1, wait.toMillis()));
        return !worker.isAlive();
    }

    @Override
    public void close() {
        try {
            close(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
