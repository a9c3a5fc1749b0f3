package dev.cairn.bus;

import dev.cairn.bus.api.Overflow;
import dev.cairn.bus.api.Subscriber;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscriber that asked for its own executor: messages wait in a bounded queue and are handed over
 * one at a time, in order; a full queue is resolved by the subscriber's {@link Overflow} policy.
 */
final class QueuedSink<T> extends Sink<T> {
    private record Pending<T>(String topic, T payload, TopicCounters counters, Hop from, boolean remote) {
    }

    private final Executor executor;
    private final Overflow overflow;
    private final ArrayBlockingQueue<Pending<T>> queue;
    private final AtomicBoolean draining = new AtomicBoolean();

    QueuedSink(String filter, Class<T> type, Subscriber<? super T> target, Executor executor, int capacity, Overflow overflow) {
        super(filter, type, target);
        this.executor = executor;
        this.overflow = overflow;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    void enqueue(String topic, T payload, TopicCounters counters, Hop from, boolean remote) {
        Pending<T> p = new Pending<>(topic, payload, counters, from, remote);
        switch (overflow) {
            case DROP_NEWEST -> {
                if (!queue.offer(p)) counters.dropped.increment();
            }
            case DROP_OLDEST -> {
                while (!queue.offer(p)) {
                    Pending<T> oldest = queue.poll();
                    if (oldest != null) oldest.counters().dropped.increment();
                }
            }
            case BLOCK -> {
                try {
                    queue.put(p);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    counters.dropped.increment();
                    return;
                }
            }
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!draining.compareAndSet(false, true)) return;
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            draining.set(false);
            for (Pending<T> p; (p = queue.poll()) != null; ) p.counters().dropped.increment();
        }
    }

    private void drain() {
        for (Pending<T> p; (p = queue.poll()) != null; ) {
            if (isClosed()) {
                queue.clear();
                break;
            }
            invoke(p.topic(), p.payload(), p.counters(), p.from(), p.remote());
        }
        draining.set(false);
        if (!queue.isEmpty()) scheduleDrain();   // a message offered between the last poll and the reset
    }
}
