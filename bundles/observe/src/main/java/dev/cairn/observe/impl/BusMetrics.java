package dev.cairn.observe.impl;

import dev.cairn.bus.api.TopicStats;
import dev.cairn.observe.MetricWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The bus counters per topic. Topics are data (a sensor name, an order id could be one), so their number
 * has no bound: only the {@code maxTopics} busiest get series of their own, the rest are summed as
 * {@code topic="_other"}, and {@code cairn_bus_topics} tells how many there are.
 */
final class BusMetrics {
    static final String OTHER = "_other";

    private BusMetrics() {
    }

    static void write(Map<String, TopicStats> stats, int maxTopics, MetricWriter out) {
        List<Map.Entry<String, TopicStats>> topics = new ArrayList<>(stats.entrySet());
        topics.sort(Comparator.comparingLong((Map.Entry<String, TopicStats> e) -> e.getValue().published() + e.getValue().delivered())
                .reversed().thenComparing(Map.Entry::getKey));
        out.gauge("cairn_bus_topics", "Topics the bus has seen traffic on.", topics.size());
        long[] other = new long[4];
        for (int i = 0; i < topics.size(); i++) {
            TopicStats s = topics.get(i).getValue();
            if (i < maxTopics) {
                write(out, topics.get(i).getKey(), s.published(), s.delivered(), s.dropped(), s.failed());
            } else {
                other[0] += s.published();
                other[1] += s.delivered();
                other[2] += s.dropped();
                other[3] += s.failed();
            }
        }
        if (topics.size() > maxTopics) write(out, OTHER, other[0], other[1], other[2], other[3]);
    }

    private static void write(MetricWriter out, String topic, long published, long delivered, long dropped, long failed) {
        out.counter("cairn_bus_published_total", "Messages published on a topic, here or arrived from other nodes.", published, "topic", topic);
        out.counter("cairn_bus_delivered_total", "Deliveries to subscribers and handlers.", delivered, "topic", topic);
        out.counter("cairn_bus_dropped_total", "Messages dropped: full queues, wrong type, malformed input.", dropped, "topic", topic);
        out.counter("cairn_bus_failed_total", "Deliveries whose subscriber or handler threw.", failed, "topic", topic);
    }
}
