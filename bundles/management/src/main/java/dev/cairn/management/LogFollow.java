package dev.cairn.management;

import dev.cairn.launcher.spi.LogLine;
import dev.cairn.launcher.spi.LogQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One follower of the node's log for as long as its lease runs: new matching lines pass a token bucket into a
 * bounded queue on the logging thread ({@link #offer}, which never blocks), and the sender takes them out in
 * batches ({@link #batch}). What the bucket refuses or the queue has no room for is counted as dropped, and the
 * next batch says how many.
 */
final class LogFollow {
    static final int BATCH_LINES = 64;

    final String follower;
    private final TokenBucket bucket;
    private final ArrayBlockingQueue<LogLine> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile LogQuery query;
    private volatile long leaseEndNanos;
    private volatile AutoCloseable handle;
    private long droppedTotal;

    LogFollow(String follower, LogQuery query, int ratePerSecond, int burst, int queueLines, long leaseEndNanos, long nowNanos) {
        this.follower = follower;
        this.query = query;
        this.bucket = new TokenBucket(ratePerSecond, burst, nowNanos);
        this.queue = new ArrayBlockingQueue<>(queueLines);
        this.leaseEndNanos = leaseEndNanos;
    }

    /** On the logging thread: takes a token and a place in the queue, or counts the line as dropped. */
    void offer(LogLine line, long nowNanos) {
        boolean admitted;
        synchronized (bucket) {
            admitted = bucket.take(nowNanos);
        }
        if (!admitted || !queue.offer(line)) dropped.incrementAndGet();
    }

    LogQuery query() {
        return query;
    }

    /** A renewal: the lease runs on, perhaps with other filters (the queue keeps what it holds). */
    void renew(LogQuery query, long leaseEndNanos) {
        this.query = query;
        this.leaseEndNanos = leaseEndNanos;
    }

    boolean expired(long nowNanos) {
        return nowNanos - leaseEndNanos > 0;
    }

    void handle(AutoCloseable handle) {
        this.handle = handle;
    }

    void close() {
        AutoCloseable h = handle;
        if (h == null) return;
        try {
            h.close();
        } catch (Exception ignored) {
            // the ring's handle does not fail
        }
    }

    /** Up to {@value #BATCH_LINES} queued lines and the count of lines dropped since the last batch; null when neither. */
    Batch batch() {
        List<LogLine> lines = new ArrayList<>(Math.min(BATCH_LINES, queue.size()));
        queue.drainTo(lines, BATCH_LINES);
        long d = dropped.getAndSet(0);
        if (lines.isEmpty() && d == 0) return null;
        droppedTotal += d;
        return new Batch(lines, d, droppedTotal);
    }

    boolean hasQueued() {
        return !queue.isEmpty();
    }

    record Batch(List<LogLine> lines, long dropped, long droppedTotal) {
    }
}
