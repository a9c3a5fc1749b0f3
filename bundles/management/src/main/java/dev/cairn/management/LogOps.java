package dev.cairn.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.launcher.spi.LogLine;
import dev.cairn.launcher.spi.LogQuery;
import dev.cairn.launcher.spi.NodeChannel;
import dev.cairn.launcher.spi.NodeLogs;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code node.logs}: the node's recent log lines that match; {@code node.logs.follow}: a lease (at most
 * {@value #MAX_LEASE_SECONDS} s, renewed by the follower) during which new matching lines are published on
 * {@code <fleet>/node/<node>/logs/<follower>}, at most {@code rate} lines a second (bursts of {@code burst}) per
 * follower, in batches of up to {@value LogFollow#BATCH_LINES} lines every {@value #TICK_MS} ms. The logging
 * thread only ever offers a line to a bounded queue; one sender thread, which runs only while someone follows,
 * publishes. When a lease is not renewed the node stops: nothing is published for nobody.
 */
final class LogOps {
    static final int MAX_LEASE_SECONDS = 60;
    static final int DEFAULT_LEASE_SECONDS = 30;
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 2_000;
    static final int MAX_FOLLOWERS = 8;
    static final int QUEUE_LINES = 1_000;
    static final long TICK_MS = 100;
    /** A reply's lines stay below this many characters of text, so that it fits the transport's payload limit. */
    static final int REPLY_MAX_CHARS = 192 * 1024;
    private static final Pattern FOLLOWER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Supplier<NodeLogs> logs;
    private final Supplier<NodeChannel> channel;
    private final Map<String, LogFollow> follows = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor sender;
    private final long tickMs;
    private volatile Thread senderThread;
    private volatile int rate;
    private volatile int burst;
    private ScheduledFuture<?> ticking;

    LogOps(Supplier<NodeLogs> logs, Supplier<NodeChannel> channel, int rate, int burst) {
        this(logs, channel, rate, burst, TICK_MS);
    }

    /** With the sender's period given: tests that call {@link #tick} themselves give it a long one. */
    LogOps(Supplier<NodeLogs> logs, Supplier<NodeChannel> channel, int rate, int burst, long tickMs) {
        this.tickMs = tickMs;
        this.logs = logs;
        this.channel = channel;
        limits(rate, burst);
        this.sender = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cairn-management logs");
            t.setDaemon(true);
            senderThread = t;
            return t;
        });
        sender.setRemoveOnCancelPolicy(true);
    }

    /** For followers from now on. */
    void limits(int rate, int burst) {
        this.rate = rate;
        this.burst = burst;
    }

    /** {@code node.logs}. */
    Map<String, Object> recent(Args args) throws OperationException {
        LogQuery q = query(args, true);
        List<LogLine> lines = service().recent(q);
        int from = lines.size();
        long chars = 0;
        while (from > 0 && chars + 2L * lines.get(from - 1).text().length() + 64 <= REPLY_MAX_CHARS) {
            chars += 2L * lines.get(from - 1).text().length() + 64;
            from--;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (LogLine l : lines.subList(from, lines.size())) out.add(json(l));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("lines", out);
        if (from > 0) r.put("omitted", from);
        return r;
    }

    /** {@code node.logs.follow}: starts, renews or ({@code stop: true}) ends a follower's lease. */
    Map<String, Object> follow(Args args) throws OperationException {
        String follower = args.string("follower");
        if (!FOLLOWER.matcher(follower).matches())
            throw new OperationException(ErrorCode.BAD_REQUEST, "follower must be 1 to 64 letters, digits, '-' or '_'", "follower");
        if (args.flag("stop")) {
            LogFollow f = follows.remove(follower);
            if (f != null) f.close();
            stopTickingIfIdle();
            return Map.of("follower", follower, "stopped", f != null);
        }
        long lease = args.has("leaseSeconds") ? args.number("leaseSeconds") : DEFAULT_LEASE_SECONDS;
        if (lease < 1 || lease > MAX_LEASE_SECONDS)
            throw new OperationException(ErrorCode.BAD_REQUEST, "leaseSeconds must be 1 to " + MAX_LEASE_SECONDS, "leaseSeconds");
        LogQuery q = query(args, false);
        NodeLogs service = service();
        long now = System.nanoTime();
        long end = now + TimeUnit.SECONDS.toNanos(lease);
        synchronized (follows) {
            LogFollow f = follows.get(follower);
            if (f != null) {
                f.renew(q, end);
            } else {
                if (follows.size() >= MAX_FOLLOWERS)
                    throw new OperationException(ErrorCode.BUSY, "this node has " + MAX_FOLLOWERS + " log followers already; try again when one ends");
                LogFollow created = new LogFollow(follower, q, rate, burst, QUEUE_LINES, end, now);
                created.handle(service.follow(LogQuery.all(), line -> {
                    // what the sender itself logs (a DEBUG line of the client it publishes with) would feed itself
                    if (Thread.currentThread() == senderThread) return;
                    if (created.query().matches(line)) created.offer(line, System.nanoTime());
                }));
                follows.put(follower, created);
                if (ticking == null) ticking = sender.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("follower", follower);
        r.put("topic", "node/<node>/logs/" + follower);
        r.put("leaseSeconds", lease);
        r.put("linesPerSecond", rate);
        r.put("burst", burst);
        return r;
    }

    int followers() {
        return follows.size();
    }

    void close() {
        synchronized (follows) {
            follows.values().forEach(LogFollow::close);
            follows.clear();
        }
        sender.shutdownNow();
    }

    /** On the sender thread: ends expired leases, publishes what is queued. Never throws (it would end the ticking). */
    void tick() {
        try {
            long now = System.nanoTime();
            NodeChannel out = channel.get();
            for (LogFollow f : follows.values()) {
                boolean ended;
                synchronized (follows) {   // a renewal takes this lock too: a lease renewed just now is not ended
                    ended = f.expired(now) && follows.remove(f.follower, f);
                }
                if (ended) {
                    f.close();
                    send(out, f, f.batch(), "the lease was not renewed");
                    continue;
                }
                for (int i = 0; i < QUEUE_LINES / LogFollow.BATCH_LINES + 1; i++) {
                    LogFollow.Batch b = f.batch();
                    if (b == null) break;
                    send(out, f, b, null);
                }
            }
            stopTickingIfIdle();
        } catch (RuntimeException | LinkageError e) {
            // nothing to log here: a line about the log's sender would go to its followers; the next tick tries again
        }
    }

    private void send(NodeChannel out, LogFollow f, LogFollow.Batch b, String ended) {
        if (out == null || b == null && ended == null) return;
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> lines = new ArrayList<>();
        if (b != null) for (LogLine l : b.lines()) lines.add(json(l));
        m.put("lines", lines);
        if (b != null && b.dropped() > 0) {
            m.put("dropped", b.dropped());
            m.put("droppedTotal", b.droppedTotal());
        }
        if (ended != null) m.put("ended", ended);
        try {
            out.publish("logs/" + f.follower, Json.MAPPER.writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
            // strings and numbers only: does not happen
        }
    }

    private void stopTickingIfIdle() {
        synchronized (follows) {
            if (follows.isEmpty() && ticking != null) {
                ticking.cancel(false);
                ticking = null;
            }
        }
    }

    private NodeLogs service() throws OperationException {
        NodeLogs l = logs.get();
        if (l == null) throw new OperationException(ErrorCode.FAILED, "this node's launcher keeps no log in memory (not started by Cairn's launcher)");
        return l;
    }

    static LogQuery query(Args args, boolean withLimit) throws OperationException {
        String level = args.optionalString("level");
        long since = args.has("sinceMillis") ? args.number("sinceMillis") : 0;
        if (since < 0) throw new OperationException(ErrorCode.BAD_REQUEST, "sinceMillis must not be negative", "sinceMillis");
        String grep = args.optionalString("grep");
        long limit = withLimit && args.has("limit") ? args.number("limit") : DEFAULT_LIMIT;
        if (limit < 1 || limit > MAX_LIMIT) throw new OperationException(ErrorCode.BAD_REQUEST, "limit must be 1 to " + MAX_LIMIT, "limit");
        try {
            return new LogQuery(level == null || level.isBlank() ? null : level, since, grep, (int) limit);
        } catch (IllegalArgumentException e) {
            throw new OperationException(ErrorCode.BAD_REQUEST, e.getMessage(), "level");
        }
    }

    static Map<String, Object> json(LogLine l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", l.millis());
        m.put("level", l.level());
        m.put("logger", l.logger());
        m.put("message", l.message());
        m.put("text", l.text());
        return m;
    }
}
