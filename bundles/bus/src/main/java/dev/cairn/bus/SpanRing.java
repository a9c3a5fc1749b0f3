package dev.cairn.bus;

import dev.cairn.bus.trace.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spans of this node's last traces, bounded: at most {@code maxTraces} traces (the oldest goes first) and
 * {@code maxSpansPerTrace} spans of each (later ones are not kept), so a busy node's memory stays flat.
 */
final class SpanRing {
    private final int maxTraces;
    private final int maxSpansPerTrace;
    private final LinkedHashMap<String, List<Span>> traces = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Span>> eldest) {
            return size() > maxTraces;
        }
    };

    SpanRing(int maxTraces, int maxSpansPerTrace) {
        this.maxTraces = maxTraces;
        this.maxSpansPerTrace = maxSpansPerTrace;
    }

    synchronized void add(Span span) {
        List<Span> spans = traces.get(span.traceId());
        if (spans == null) {
            spans = new ArrayList<>(4);
            traces.put(span.traceId(), spans);
        }
        if (spans.size() < maxSpansPerTrace) spans.add(span);
    }

    /** The spans of a trace, each parent before its children and siblings by start (clocks tick in µs: a child may share its parent's). */
    List<Span> trace(String traceId) {
        List<Span> spans;
        synchronized (this) {
            List<Span> kept = traces.get(traceId);
            if (kept == null) return List.of();
            spans = new ArrayList<>(kept);
        }
        return treeOrder(spans);
    }

    static List<Span> treeOrder(List<Span> spans) {
        Map<String, List<Span>> children = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Span s : spans) ids.add(s.spanId());
        List<Span> roots = new ArrayList<>();
        for (Span s : spans) {
            if (s.parentId() == null || !ids.contains(s.parentId())) roots.add(s);
            else children.computeIfAbsent(s.parentId(), k -> new ArrayList<>()).add(s);
        }
        Comparator<Span> byStart = Comparator.comparingLong(Span::startMicros);
        roots.sort(byStart);
        List<Span> out = new ArrayList<>(spans.size());
        Deque<Span> todo = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) todo.push(roots.get(i));
        while (!todo.isEmpty()) {
            Span s = todo.pop();
            out.add(s);
            List<Span> kids = children.get(s.spanId());
            if (kids == null) continue;
            kids.sort(byStart);
            for (int i = kids.size() - 1; i >= 0; i--) todo.push(kids.get(i));
        }
        return out;
    }

    /** The earliest span of each of the last {@code limit} traces, newest trace first. */
    synchronized List<Span> recent(int limit) {
        List<Span> out = new ArrayList<>();
        List<List<Span>> all = new ArrayList<>(traces.values());
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            Span first = null;
            for (Span s : all.get(i)) if (first == null || s.startMicros() < first.startMicros()) first = s;
            out.add(first);
        }
        return out;
    }
}
