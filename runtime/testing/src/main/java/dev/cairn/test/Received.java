package dev.cairn.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What a {@link CairnBus#subscribe subscription} has received, in order of arrival. */
public final class Received<T> implements AutoCloseable {
    private final String filter;
    private final Class<T> type;
    private final Consumer<Received<T>> onClose;
    private final List<T> items = new ArrayList<>();       // guarded by this
    private final List<String> unreadable = new ArrayList<>();   // guarded by this

    Received(String filter, Class<T> type, Consumer<Received<T>> onClose) {
        this.filter = filter;
        this.type = type;
        this.onClose = onClose;
    }

    /** Waits (at most 30 s) until {@code count} have come and returns them; fails saying what did come. */
    public List<T> await(int count) {
        return await(count, Duration.ofSeconds(30));
    }

    public synchronized List<T> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (items.size() < count && unreadable.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("'" + filter + "': " + count + " " + type.getSimpleName() + " expected within "
                        + timeout.toMillis() + " ms, " + items.size() + " came: " + items);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting on '" + filter + "'", e);
            }
        }
        if (!unreadable.isEmpty()) throw new AssertionError("'" + filter + "': " + unreadable.get(0));
        return List.copyOf(items.subList(0, count));
    }

    /** Waits (at most 30 s) for one that {@code test} accepts — perhaps one already received — and returns the first such. */
    public T awaitOne(Predicate<? super T> test) {
        return awaitOne(test, Duration.ofSeconds(30));
    }

    public synchronized T awaitOne(Predicate<? super T> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!unreadable.isEmpty()) throw new AssertionError("'" + filter + "': " + unreadable.get(0));
            for (T item : items) if (test.test(item)) return item;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("'" + filter + "': no " + type.getSimpleName() + " as expected within " + timeout.toMillis()
                        + " ms; " + items.size() + " came: " + items);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting on '" + filter + "'", e);
            }
        }
    }

    /** Everything received so far. */
    public synchronized List<T> all() {
        return List.copyOf(items);
    }

    synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    synchronized void unreadable(String why) {
        unreadable.add(why);
        notifyAll();
    }

    String filter() {
        return filter;
    }

    Class<T> type() {
        return type;
    }

    /** Stops recording; what came stays readable. */
    @Override
    public void close() {
        onClose.accept(this);
    }
}
