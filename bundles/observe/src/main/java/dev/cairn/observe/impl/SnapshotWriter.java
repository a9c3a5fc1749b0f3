package dev.cairn.observe.impl;

import dev.cairn.observe.MetricWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
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

    private enum Type { COUNTER, GAUGE, HISTOGRAM }

    private record Buckets(double[] upperBounds, long[] counts, double sum) {}

    private record Family(Type type, String help, Map<Labels, Object> points) {}

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
        if (value < 0) {
            problems.accept("counter " + name + ": a counter cannot be negative (" + value + ")");
            return;
        }
        add(Type.COUNTER, name.substring(0, name.length() - TOTAL.length()), help, value, labels);
    }

    @Override
    public void gauge(String name, String help, double value, String... labels) {
        add(Type.GAUGE, name, help, value, labels);
    }

    @Override
    public void histogram(String name, String help, double[] upperBounds, long[] counts, double sum, String... labels) {
        String bad = buckets(upperBounds, counts);
        if (bad != null) {
            problems.accept("histogram " + name + ": " + bad);
            return;
        }
        double[] bounds = java.util.Arrays.copyOf(upperBounds, upperBounds.length + 1);
        bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        add(Type.HISTOGRAM, name, help, new Buckets(bounds, counts.clone(), sum), labels);
    }

    private static String buckets(double[] upperBounds, long[] counts) {
        if (upperBounds == null || counts == null || counts.length != upperBounds.length + 1)
            return "counts has one element more than upperBounds";
        for (int i = 1; i < upperBounds.length; i++) if (!(upperBounds[i] > upperBounds[i - 1])) return "upper bounds must rise";
        for (long c : counts) if (c < 0) return "a bucket count cannot be negative";
        return null;
    }

    private void add(Type type, String name, String help, Object value, String[] labels) {
        String what = type.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
        if (name == null || !PrometheusNaming.isValidLegacyMetricName(name) || name.endsWith(TOTAL) && type != Type.COUNTER) {
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
        Family f = families.computeIfAbsent(name, n -> new Family(type, help == null ? "" : help, new LinkedHashMap<>()));
        if (f.type != type) {
            problems.accept(what + ": the name is already used by a " + f.type.name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        if (f.points.putIfAbsent(l, value) != null) problems.accept(what + l + ": written twice in one scrape; the first value is kept");
    }

    List<MetricSnapshot> snapshots() {
        List<MetricSnapshot> out = new ArrayList<>();
        families.forEach((name, f) -> {
            switch (f.type) {
                case COUNTER -> {
                    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(f.help);
                    f.points.forEach((l, v) -> b.dataPoint(CounterDataPointSnapshot.builder().labels(l).value((Double) v).build()));
                    out.add(b.build());
                }
                case GAUGE -> {
                    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(f.help);
                    f.points.forEach((l, v) -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value((Double) v).build()));
                    out.add(b.build());
                }
                case HISTOGRAM -> {
                    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(f.help);
                    f.points.forEach((l, v) -> {
                        Buckets h = (Buckets) v;
                        b.dataPoint(HistogramDataPointSnapshot.builder().labels(l).sum(h.sum())
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(h.upperBounds(), h.counts())).build());
                    });
                    out.add(b.build());
                }
            }
        });
        return out;
    }
}
