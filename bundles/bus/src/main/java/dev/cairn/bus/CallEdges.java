package dev.cairn.bus;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.trace.Span;
import dev.cairn.observe.MetricWriter;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests counted per edge — caller bundle, callee bundle, topic, local or remote — with outcome and latency,
 * so an operator sees what each placement costs. Topics are data, so edges are bounded: past {@code maxEdges},
 * new edges are summed under {@code topic="_other"}.
 */
final class CallEdges {
    static final String OTHER = "_other";
    static final String UNKNOWN = "unknown";
    /** Upper bounds of the latency buckets, in seconds: 50 µs (a call in the JVM) to 5 s (a time-out). */
    static final double[] BOUNDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    private static final long[] BOUNDS_NANOS = java.util.Arrays.stream(BOUNDS).mapToLong(b -> Math.round(b * 1e9)).toArray();
    private static final String[] OUTCOMES = outcomes();

    record Key(String caller, String callee, String topic, boolean remote) {
    }

    static final class Edge {
        final LongAdder[] byOutcome = adders(OUTCOMES.length);
        final LongAdder[] buckets = adders(BOUNDS.length + 1);
        final LongAdder nanos = new LongAdder();

        void add(Throwable failure, long durationNanos) {
            byOutcome[outcomeIndex(failure)].increment();
            nanos.add(durationNanos);
            int b = 0;
            while (b < BOUNDS_NANOS.length && durationNanos > BOUNDS_NANOS[b]) b++;
            buckets[b].increment();
        }
    }

    /**
     * The edges of one handler by caller, so a call in the JVM finds its edge with one lookup by the caller's name
     * and no key made; made anew when the node's edges are (a new configuration).
     */
    static final class ByCaller {
        /** The node's edges and this handler's edges in them, swapped together: never the new ones with the old map. */
        private record Cache(CallEdges of, ConcurrentHashMap<String, Edge> edges) {
        }

        private final String callee;
        private final String topic;
        private volatile Cache cache = new Cache(null, new ConcurrentHashMap<>());

        ByCaller(String callee, String topic) {
            this.callee = callee;
            this.topic = topic;
        }

        Edge edge(CallEdges all, String caller) {
            String name = caller == null ? UNKNOWN : caller;
            Cache c = cache;
            if (c.of != all) {
                c = new Cache(all, new ConcurrentHashMap<>());
                cache = c;
            }
            ConcurrentHashMap<String, Edge> m = c.edges;
            Edge e = m.get(name);
            if (e == null) {
                e = all.edge(name, callee, topic, false);
                m.put(name, e);
            }
            return e;
        }
    }

    private final int maxEdges;
    private final ConcurrentHashMap<Key, Edge> edges = new ConcurrentHashMap<>();

    CallEdges(int maxEdges) {
        this.maxEdges = maxEdges;
    }

    void record(String caller, String callee, String topic, boolean remote, Throwable failure, long durationNanos) {
        edge(caller, callee, topic, remote).add(failure, durationNanos);
    }

    Edge edge(String caller, String callee, String topic, boolean remote) {
        Key key = new Key(Objects.requireNonNullElse(caller, UNKNOWN), Objects.requireNonNullElse(callee, UNKNOWN), topic, remote);
        Edge e = edges.get(key);
        if (e == null) {
            if (edges.size() >= maxEdges) key = new Key(key.caller, key.callee, OTHER, remote);
            e = edges.computeIfAbsent(key, k -> new Edge());
        }
        return e;
    }

    void write(MetricWriter out) {
        edges.forEach((k, e) -> {
            String[] labels = {"caller", k.caller, "callee", k.callee, "topic", k.topic, "placement", k.remote ? "remote" : "local"};
            for (int i = 0; i < OUTCOMES.length; i++) {
                long n = e.byOutcome[i].sum();
                if (n > 0 || i == 0) out.counter("cairn_bus_calls_total", "Requests per edge: caller and callee bundle, topic,"
                        + " placement, outcome.", n, with(labels, "outcome", OUTCOMES[i]));
            }
            long[] counts = new long[e.buckets.length];
            for (int i = 0; i < counts.length; i++) counts[i] = e.buckets[i].sum();
            out.histogram("cairn_bus_call_seconds", "Request latency per edge, as the caller saw it (a remote call includes"
                    + " the round trip).", BOUNDS, counts, e.nanos.sum() / 1e9, labels);
        });
    }

    int size() {
        return edges.size();
    }

    int maxEdges() {
        return maxEdges;
    }

    /** The outcome a request ended with: {@code OK} or the bus's reason. */
    static String outcome(Throwable failure) {
        return OUTCOMES[outcomeIndex(failure)];
    }

    private static int outcomeIndex(Throwable failure) {
        if (failure == null) return 0;
        Throwable t = Breaker.unwrap(failure);
        BusException.Reason r = t instanceof BusException b ? b.reason() : BusException.Reason.HANDLER_FAILED;
        return 1 + r.ordinal();
    }

    private static String[] outcomes() {
        BusException.Reason[] reasons = BusException.Reason.values();
        String[] out = new String[reasons.length + 1];
        out[0] = Span.OK;
        for (BusException.Reason r : reasons) out[1 + r.ordinal()] = r.name();
        return out;
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = name;
        out[labels.length + 1] = value;
        return out;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) a[i] = new LongAdder();
        return a;
    }
}
