package dev.cairn.mqtt.sockets;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor to hand every Paho client ({@code new MqttAsyncClient(url, id, persistence, null, threads)}).
 *
 * <p>Paho runs its long-lived loops (receiver, sender, callback, connect) through {@code execute}/{@code submit}:
 * those go to a cached pool, so they never queue behind one another however many clients come and go; only its ping
 * timer uses the scheduling thread. Paho's own threads leak after {@code close} (#654, #850, #1093); here they are
 * pool threads that end with their task, and {@link #shutdownNow} ends whatever is left.
 *
 * <p>And each of the three loops Paho starts in a connect gets a {@link StartWaker}, which takes the 100 ms sleep
 * out of its start: without it every connect takes 300 ms before CONNECT is even sent.
 */
public final class PahoThreads extends ScheduledThreadPoolExecutor {
    private final ExecutorService loops;
    private final StartWaker waker = new StartWaker();

    /** Threads named {@code name}, {@code name paho-timer}; daemons, so they never hold a JVM up. */
    public PahoThreads(String name) {
        super(1, named(name + " paho-timer"));
        setRemoveOnCancelPolicy(true);
        loops = Executors.newCachedThreadPool(named(name + " paho"));
    }

    @Override
    public void execute(Runnable command) {
        loops.execute(command);
    }

    @Override
    public Future<?> submit(Runnable task) {
        Future<?> f = loops.submit(task);
        waker.wakeWhenRunning(Thread.currentThread(), task);   // Paho's starts submit; nothing else of it does
        return f;
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return loops.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return loops.submit(task);
    }

    /** How many of Paho's thread starts an interrupt woke from their sleep (for tests and a look in a debugger). */
    public long startsWoken() {
        return waker.woken.sum();
    }

    /** How many of Paho's thread starts found their loop running at once and never slept. */
    public long startsNotSlept() {
        return waker.notSlept.sum();
    }

    @Override
    public void shutdown() {
        loops.shutdown();
        super.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        loops.shutdownNow();
        return super.shutdownNow();
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + (n.getAndIncrement() == 0 ? "" : "-" + n.get()));
            t.setDaemon(true);
            return t;
        };
    }
}
