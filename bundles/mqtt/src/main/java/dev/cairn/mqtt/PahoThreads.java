package dev.cairn.mqtt;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The executor handed to every Paho client. Paho runs its long-lived loops (receiver, sender, callback,
 * connect) through {@code execute}/{@code submit}: those go to a cached pool, so they never queue behind
 * one another however many clients come and go; only its ping timer uses the scheduling thread. Paho's own
 * threads leak after {@code close} (#654, #850, #1093); here they are pool threads that end with their
 * task, and {@link #shutdownNow} at deactivation ends whatever is left.
 */
final class PahoThreads extends ScheduledThreadPoolExecutor {
    private final ExecutorService loops;

    PahoThreads(String node) {
        super(1, Threads.named("cairn-mqtt " + node + " paho-timer"));
        setRemoveOnCancelPolicy(true);
        loops = Executors.newCachedThreadPool(Threads.named("cairn-mqtt " + node + " paho"));
    }

    @Override
    public void execute(Runnable command) {
        loops.execute(command);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return loops.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return loops.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return loops.submit(task);
    }

    @Override
    public void shutdown() {
        loops.shutdown();
        super.shutdown();
    }

    @Override
    public java.util.List<Runnable> shutdownNow() {
        loops.shutdownNow();
        return super.shutdownNow();
    }
}
