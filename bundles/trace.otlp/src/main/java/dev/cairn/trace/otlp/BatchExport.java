package dev.cairn.trace.otlp;

import dev.cairn.bus.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spans on their way out: a bounded queue that the bus's threads only offer to, and one thread that converts
 * them and sends them in batches. A full queue drops the span and counts it; a failed export counts its spans
 * and is logged once per episode (when exports start failing, and when they work again), never per batch.
 * The thread and OpenTelemetry's exporter (the JDK HttpClient, its TLS context: ~9 MiB) come with the first
 * span: a node whose tracing is off pays nothing for a configured exporter.
 */
final class BatchExport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchExport.class);

    private final BlockingQueue<Span> queue;
    private final SpanConversion conversion;
    private final Supplier<SpanExporter> exporterFactory;
    /** Made by the worker when it starts; read by close() after the worker ended or gave up. */
    private volatile SpanExporter exporter;
    private final AtomicBoolean started = new AtomicBoolean();
    private final int batchMax;
    private final long batchDelayNanos;
    /** How long one export may take with the exporter's retries; past that its spans count as failed. */
    private final Duration exportBound;
    /** How long the node's stop may wait for the last spans: one attempt's time-out. */
    private final Duration closeBound;
    private final String target;
    private final Thread worker;

    private final LongAdder dropped = new LongAdder();
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;
    /** Set by close(), before it wakes the worker: when the last export must have ended. */
    private volatile long closeDeadline;
    /** Spans failed since exports began to fail; -1 while they work. Only the worker reads and writes it. */
    private long failedThisEpisode = -1;

    /** {@code target}: where the spans go, for the log (the endpoint; never the headers). */
    BatchExport(Supplier<SpanExporter> exporterFactory, SpanConversion conversion, int queueMax, int batchMax, Duration batchDelay,
                Duration exportBound, Duration closeBound, String target) {
        this.exporterFactory = exporterFactory;
        this.conversion = conversion;
        this.queue = new ArrayBlockingQueue<>(queueMax);
        this.batchMax = batchMax;
        this.batchDelayNanos = batchDelay.toNanos();
        this.exportBound = exportBound;
        this.closeBound = closeBound;
        this.target = target;
        this.worker = new Thread(this::run, "cairn-trace-otlp");
        worker.setDaemon(true);
    }

    /** Never blocks: a span that finds the queue full, or the export closing, is dropped. The first starts the worker. */
    void offer(Span span) {
        if (closing || !queue.offer(span)) {
            dropped.increment();
            return;
        }
        if (!started.get() && started.compareAndSet(false, true)) worker.start();
    }

    long exported() {
        return exported.get();
    }

    long dropped() {
        return dropped.sum();
    }

    long failed() {
        return failed.get();
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        List<Span> batch = new ArrayList<>(batchMax);
        try {
            exporter = exporterFactory.get();
        } catch (RuntimeException | Error e) {
            LOG.error("Cannot export spans to {}: {}; spans are dropped until the configuration changes", target, e.toString(), e);
            return;
        }
        try {
            while (!closing) {
                batch.add(queue.take());
                fill(batch);
                send(batch, exportBound);
                batch.clear();
            }
        } catch (InterruptedException e) {
            // close() woke us while we waited for spans: what is queued gets one last try below
        } catch (RuntimeException | Error e) {
            LOG.error("Trace export to {} stopped: {}", target, e.toString(), e);
            return;
        }
        flushOnClose(batch);
    }

    /** Waits for more spans until the batch is full or its first span has waited batch.delay.ms. */
    private void fill(List<Span> batch) throws InterruptedException {
        long deadline = System.nanoTime() + batchDelayNanos;
        while (batch.size() < batchMax) {
            if (queue.drainTo(batch, batchMax - batch.size()) > 0) continue;
            long left = deadline - System.nanoTime();
            if (left <= 0 || closing) return;
            Span next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) return;
            batch.add(next);
        }
    }

    /**
     * After close: sends what is left, each batch waited for one attempt's time-out at most, unless exports
     * are failing already: a collector that is away must not hold up the node's stop.
     */
    private void flushOnClose(List<Span> batch) {
        queue.drainTo(batch);
        for (int from = 0; from < batch.size(); from += batchMax) {
            if (failedThisEpisode >= 0 || closeDeadline - System.nanoTime() <= 0) {
                failed.addAndGet(batch.size() - from);
                return;
            }
            send(batch.subList(from, Math.min(batch.size(), from + batchMax)), closeBound);
        }
    }

    private void send(List<Span> spans, Duration bound) {
        List<SpanData> data = new ArrayList<>(spans.size());
        for (Span span : spans) {
            SpanData d = conversion.convert(span);
            if (d == null) dropped.increment();
            else data.add(d);
        }
        if (data.isEmpty()) return;
        CompletableResultCode result = awaitResult(exporter.export(data), bound);
        if (!result.isDone() && closing) {   // cut off by close(): the node is stopping, not the collector failing
            failed.addAndGet(data.size());
            return;
        }
        if (result.isDone() && result.isSuccess()) {
            exported.addAndGet(data.size());
            recovered();
        } else {
            failed.addAndGet(data.size());
            failing(result.isDone() ? ExportFailure.reason(result.getFailureThrowable())
                    : "no answer within " + bound.toMillis() + " ms", data.size());
        }
    }

    /** Waits up to {@code bound}, or to the close deadline once closing: close() wakes us to look at it. */
    private CompletableResultCode awaitResult(CompletableResultCode result, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!result.isDone()) {
            long end = closing ? Math.min(deadline, closeDeadline) : deadline;
            long left = end - System.nanoTime();
            if (left <= 0) break;
            result.join(left, TimeUnit.NANOSECONDS);
            Thread.interrupted();
        }
        return result;
    }

    private void failing(String reason, int spans) {
        if (failedThisEpisode < 0) {
            failedThisEpisode = 0;
            LOG.warn("Cannot export spans to {}: {}. Counting them in cairn_trace_otlp_failed_total; logged again when"
                    + " exports work again", target, reason);
        }
        failedThisEpisode += spans;
    }

    private void recovered() {
        if (failedThisEpisode < 0) return;
        LOG.info("Exporting spans to {} again; {} spans failed meanwhile", target, failedThisEpisode);
        failedThisEpisode = -1;
    }

    /**
     * Stops taking spans, sends what is queued (for one attempt's time-out at most), then shuts the exporter
     * down: an export still under way is cut off, and its spans count as failed.
     */
    @Override
    public void close() {
        closeDeadline = System.nanoTime() + closeBound.toNanos();
        closing = true;
        if (started.compareAndSet(false, true)) {   // no span ever came (or one is being queued right now): no worker
            dropped.add(queue.size());
            queue.clear();
            return;
        }
        worker.interrupt();
        try {
            worker.join(closeBound.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SpanExporter made = exporter;
        if (made != null) made.shutdown().join(closeBound.toMillis(), TimeUnit.MILLISECONDS);
    }
}
