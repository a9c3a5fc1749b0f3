package dev.cairn.observe.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscriber;
import dev.cairn.bus.api.Subscription;
import dev.cairn.bus.api.TopicStats;
import dev.cairn.observe.NodeMetrics.Sample;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class NodeMetricsServiceTest {
    final NodeMetricsService metrics = new NodeMetricsService(() -> List.of(
            new BundleView(1, "a", "reference:a", Bundle.ACTIVE, false),
            new BundleView(2, "b", "reference:b", Bundle.ACTIVE, false),
            new BundleView(3, "c", "file:c", Bundle.INSTALLED, false)), Map.of("node", "n1", "version", "1.0"), 2);

    static Bus busWith(Map<String, TopicStats> stats) {
        return new Bus() {
            @Override
            public void publish(String topic, Object payload) {
            }

            @Override
            public <T> Subscription subscribe(String filter, Class<T> type, Subscriber<? super T> subscriber, SubscribeOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <Q, R> Subscription handle(String topic, Class<Q> requestType, Function<? super Q, ? extends R> handler, Handling handling) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, TopicStats> stats() {
                return stats;
            }
        };
    }

    @Test
    void theTextFormatHasTheJvmBundlesAndWhatSourcesWrite() {
        metrics.addSource(out -> {
            out.counter("cairn_mqtt_reconnects_total", "Reconnects.", 3);
            out.gauge("cairn_mqtt_outbox_messages", "Queued.", 7);
            out.counter("cairn_mqtt_dropped_total", "Dropped.", 1, "reason", "OVERSIZE");
        });
        String text = metrics.prometheusText();
        assertThat(text)
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .contains("jvm_threads_current ")
                .contains("jvm_gc_collection_seconds")
                .contains("cairn_bundles{state=\"ACTIVE\"} 2.0")
                .contains("cairn_bundles{state=\"INSTALLED\"} 1.0")
                .contains("cairn_node_info{node=\"n1\",version=\"1.0\"} 1.0")
                .contains("# TYPE cairn_mqtt_reconnects_total counter").contains("cairn_mqtt_reconnects_total 3.0")
                .contains("cairn_mqtt_outbox_messages 7.0")
                .contains("cairn_mqtt_dropped_total{reason=\"OVERSIZE\"} 1.0");
    }

    @Test
    void onlyTheBusiestTopicsGetSeriesOfTheirOwnTheRestAreSummed() {
        Map<String, TopicStats> stats = new LinkedHashMap<>();
        stats.put("sensors/a", new TopicStats(100, 100, 0, 0));
        stats.put("sensors/b", new TopicStats(5, 5, 0, 0));
        stats.put("sensors/c", new TopicStats(50, 40, 2, 1));
        stats.put("sensors/d", new TopicStats(1, 0, 1, 0));
        metrics.setBus(busWith(stats));

        String text = metrics.prometheusText();
        assertThat(text).contains("cairn_bus_published_total{topic=\"sensors/a\"} 100.0")
                .contains("cairn_bus_published_total{topic=\"sensors/c\"} 50.0")
                .doesNotContain("topic=\"sensors/b\"").doesNotContain("topic=\"sensors/d\"")
                .contains("cairn_bus_published_total{topic=\"_other\"} 6.0")
                .contains("cairn_bus_dropped_total{topic=\"_other\"} 1.0")
                .contains("cairn_bus_topics 4.0");
    }

    @Test
    void badInputFromASourceIsSkippedAndTheScrapeGoesOn() {
        metrics.addSource(out -> {
            out.counter("no_suffix", "A counter without _total.", 1);
            out.gauge("bad name", "Space.", 1);
            out.gauge("jvm_threads_current", "Taken by the JVM metrics.", 1);
            out.gauge("odd_labels", "Odd.", 1, "only-name");
            out.gauge("ok_gauge", "Fine.", 2, "k", "v");
            out.gauge("ok_gauge", "Twice.", 3, "k", "v");
        });
        metrics.addSource(out -> {
            throw new IllegalStateException("broken source");
        });
        String text = metrics.prometheusText();
        assertThat(text).contains("ok_gauge{k=\"v\"} 2.0").doesNotContain("no_suffix").doesNotContain("odd_labels").doesNotContain("bad name");
    }

    @Test
    void samplesCarryTheSameDataForJson() {
        metrics.addSource(out -> out.counter("x_events_total", "Events.", 4, "kind", "a"));
        List<Sample> samples = metrics.samples();
        assertThat(samples).contains(new Sample("x_events_total", "counter", Map.of("kind", "a"), 4));
        assertThat(samples).anySatisfy(s -> assertThat(s.name()).isEqualTo("jvm_memory_used_bytes"));
        assertThat(samples).contains(new Sample("cairn_bundles", "gauge", Map.of("state", "ACTIVE"), 2));
    }
}
