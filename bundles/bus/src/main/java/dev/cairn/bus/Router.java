package dev.cairn.bus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sinks a topic reaches. A publish looks up its topic's {@link Route} — an immutable array of
 * sinks, built from the {@link TopicTree} the first time the topic is seen — and walks it; a
 * subscription change invalidates every route at once by moving the generation on.
 */
final class Router {
    /** Routes and counters kept at most; a bus fed endless distinct topics must not grow without end. */
    static final int MAX_TOPICS = 10_000;
    static final String OTHER_TOPICS = "(other topics)";

    record Route(long generation, Sink<?>[] sinks, TopicCounters counters) {
    }

    private final TopicTree<Sink<?>> tree = new TopicTree<>();
    private final Map<String, Integer> filters = new HashMap<>();
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TopicCounters> counters = new ConcurrentHashMap<>();
    private volatile long generation;
    private long nextOrder;

    /** The route of {@code topic}; throws {@code BusException(INVALID_TOPIC)} for a topic that is not one. */
    Route route(String topic) {
        Route r = routes.get(topic);
        return r != null && r.generation == generation ? r : build(topic);
    }

    private Route build(String topic) {
        String[] levels = Topics.topic(topic);
        synchronized (this) {
            List<Sink<?>> matched = tree.match(levels);
            matched.sort(Comparator.comparingLong(s -> s.order));
            Route r = new Route(generation, matched.toArray(new Sink<?>[0]), counters(topic));
            if (routes.size() >= MAX_TOPICS) routes.clear();
            routes.put(topic, r);
            return r;
        }
    }

    TopicCounters counters(String topic) {
        TopicCounters c = counters.get(topic);
        if (c != null) return c;
        if (counters.size() >= MAX_TOPICS) return counters.computeIfAbsent(OTHER_TOPICS, k -> new TopicCounters());
        return counters.computeIfAbsent(topic, k -> new TopicCounters());
    }

    /** Adds a sink; true when it is the first for its filter. */
    synchronized boolean add(Sink<?> sink) {
        String[] levels = Topics.filter(sink.filter);
        sink.order = nextOrder++;
        tree.add(levels, sink);
        generation++;
        return filters.merge(sink.filter, 1, Integer::sum) == 1;
    }

    /** Removes a sink; true when it was the last for its filter. */
    synchronized boolean remove(Sink<?> sink) {
        if (!tree.remove(Topics.filter(sink.filter), sink)) return false;
        generation++;
        return filters.computeIfPresent(sink.filter, (f, n) -> n == 1 ? null : n - 1) == null;
    }

    synchronized List<String> filters() {
        return new ArrayList<>(filters.keySet());
    }

    Map<String, TopicCounters> allCounters() {
        return counters;
    }
}
