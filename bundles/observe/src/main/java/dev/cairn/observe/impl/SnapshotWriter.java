package dev.cairn.observe.impl;

import dev.cairn.observe.MetricWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Collects what {@link dev.cairn.observe.MetricSource}s write during one scrape into Prometheus snapshots.
 * Bad input never breaks a scrape: an invalid name, an odd label list, a name already taken with another
 * type, or a series written twice is skipped and reported to {@code problems} (which logs it once).
 */
final class SnapshotWriter implements MetricWriter {
    private static final String TOTAL = "_total";

    private record Family(boolean counter, String help, Map<Labels, Double> points) {}

    private final Set<String> taken;
    private final Consumer<String> problems;
    private final Map<String, Family> families = new LinkedHashMap<>();

    /** {@code taken}: names already in the scrape (the JVM's), which sources may not reuse. */
    SnapshotWriter(Set<String> taken, Consumer<String> problems) {
        this.taken = taken;
        this.problems = problems;
    }

    @Override
    public void counter(String name, String help, double value, String... labels) {
        if (name == null || !name.endsWith(TOTAL)) {
            problems.accept("counter " + name + ": a counter's name ends in _total");
            return;
        }
        add(true, name.substring(0, name.length() - TOTAL.length()), help, value, labels);
    }

    @Override
    public void gauge(String name, String help, double value, String... labels) {
        add(false, name, help, value, labels);
    }

    private void add(boolean counter, String name, String help, double value, String[] labels) {
        String what = (counter ? "counter " : "gauge ") + name;
        if (name == null || !PrometheusNaming.isValidLegacyMetricName(name) || name.endsWith(TOTAL) && !counter) {
            problems.accept(what + ": not a valid metric name");
            return;
        }
        if (taken.contains(name)) {
            problems.accept(what + ": the name is taken by the node's own metrics");
            return;
        }
        if (labels == null || labels.length % 2 != 0) {
            problems.accept(what + ": labels come as name/value pairs");
            return;
        }
        Labels l;
        try {
            String[] names = new String[labels.length / 2];
            String[] values = new String[labels.length / 2];
            for (int i = 0; i < names.length; i++) {
                names[i] = labels[2 * i];
                values[i] = labels[2 * i + 1] == null ? "" : labels[2 * i + 1];
                if (names[i] == null || !PrometheusNaming.isValidLegacyLabelName(names[i])) throw new IllegalArgumentException("label name " + names[i]);
            }
            l = Labels.of(names, values);
        } catch (IllegalArgumentException e) {
            problems.accept(what + ": " + e.getMessage());
            return;
        }
        if (counter && value < 0) {
            problems.accept(what + ": a counter cannot be negative (" + value + ")");
            return;
        }
        Family f = families.computeIfAbsent(name, n -> new Family(counter, help == null ? "" : help, new LinkedHashMap<>()));
        if (f.counter != counter) {
            problems.accept(what + ": the name is already used by a " + (f.counter ? "counter" : "gauge"));
            return;
        }
        if (f.points.putIfAbsent(l, value) != null) problems.accept(what + l + ": written twice in one scrape; the first value is kept");
    }

    List<MetricSnapshot> snapshots() {
        List<MetricSnapshot> out = new ArrayList<>();
        families.forEach((name, f) -> {
            if (f.counter) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(f.help);
                f.points.forEach((l, v) -> b.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(v).build()));
                out.add(b.build());
            } else {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(f.help);
                f.points.forEach((l, v) -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
                out.add(b.build());
            }
        });
        return out;
    }
}
