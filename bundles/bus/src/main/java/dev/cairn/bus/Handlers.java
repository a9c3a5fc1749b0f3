package dev.cairn.bus;

import dev.cairn.bus.api.Handling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The request handlers of this JVM by topic; several handlers of one topic take turns. */
final class Handlers {

    /** {@code owner}: the symbolic name of the bundle that serves, or null when not known; {@code calls}: its edges. */
    record Handler(Class<?> type, Function<Object, ?> function, Handling handling, String owner, CallEdges.ByCaller calls) {
    }

    private static final class Turns {
        volatile Handler[] handlers = new Handler[0];
        final AtomicInteger next = new AtomicInteger();
    }

    private final ConcurrentHashMap<String, Turns> byTopic = new ConcurrentHashMap<>();

    /** The handler whose turn it is, or null. */
    Handler pick(String topic) {
        Turns t = byTopic.get(topic);
        if (t == null) return null;
        Handler[] hs = t.handlers;
        if (hs.length == 0) return null;
        return hs.length == 1 ? hs[0] : hs[Math.floorMod(t.next.getAndIncrement(), hs.length)];
    }

    /** One handler of the topic, or null, without taking a turn: to name the callee of a request never sent. */
    Handler peek(String topic) {
        Turns t = byTopic.get(topic);
        Handler[] hs = t == null ? null : t.handlers;
        return hs == null || hs.length == 0 ? null : hs[0];
    }

    /** True when {@code h} is the first handler of the topic. */
    synchronized boolean add(String topic, Handler h) {
        Turns t = byTopic.computeIfAbsent(topic, k -> new Turns());
        Handler[] hs = Arrays.copyOf(t.handlers, t.handlers.length + 1);
        hs[hs.length - 1] = h;
        t.handlers = hs;
        return hs.length == 1;
    }

    /** True when {@code h} was the last handler of the topic. */
    synchronized boolean remove(String topic, Handler h) {
        Turns t = byTopic.get(topic);
        if (t == null) return false;
        List<Handler> left = new ArrayList<>(Arrays.asList(t.handlers));
        if (!left.remove(h)) return false;
        t.handlers = left.toArray(new Handler[0]);
        if (left.isEmpty()) byTopic.remove(topic);
        return left.isEmpty();
    }

    synchronized List<String> topics() {
        return new ArrayList<>(byTopic.keySet());
    }
}
