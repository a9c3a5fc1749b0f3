package dev.cairn.mqtt;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so a thread dump shows which node and which part of the transport they serve. */
final class Threads {
    private Threads() {
    }

    /** Runs {@code task} on {@code executor} unless the transport is stopping (the executor refuses it). */
    static boolean submit(Executor executor, Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + (n.getAndIncrement() == 0 ? "" : "-" + n.get()));
            t.setDaemon(true);
            return t;
        };
    }
}
