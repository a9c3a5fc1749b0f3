package dev.cairn.test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** A point in time to wait until, and short pauses between looks at something that is not there yet. */
record Deadline(long nanos) {
    static Deadline in(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos());
    }

    boolean passed() {
        return System.nanoTime() - nanos >= 0;
    }

    /** Polling a process or a port has no event to wait on: a pause, never past the deadline. */
    void pause(Duration d) {
        long left = nanos - System.nanoTime();
        LockSupport.parkNanos(Math.max(0, Math.min(left, d.toNanos())));
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting");
        }
    }
}
