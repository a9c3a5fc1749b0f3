package dev.cairn.observe.impl;

import dev.cairn.observe.NodeMetrics.Sample;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prometheus snapshots as flat samples, named as in the text format ({@code _total}, {@code _count}, {@code _sum}). */
final class Samples {
    private Samples() {
    }

    static List<Sample> of(MetricSnapshots snapshots) {
        List<Sample> out = new ArrayList<>();
        for (MetricSnapshot m : snapshots) {
            String name = m.getMetadata().getPrometheusName();
            if (m instanceof CounterSnapshot c) {
                for (var p : c.getDataPoints()) out.add(new Sample(name + "_total", "counter", labels(p), p.getValue()));
            } else if (m instanceof GaugeSnapshot g) {
                for (var p : g.getDataPoints()) out.add(new Sample(name, "gauge", labels(p), p.getValue()));
            } else if (m instanceof InfoSnapshot i) {
                for (var p : i.getDataPoints()) out.add(new Sample(name + "_info", "info", labels(p), 1));
            } else if (m instanceof StateSetSnapshot s) {
                for (var p : s.getDataPoints()) {
                    for (int k = 0; k < p.size(); k++) {
                        Map<String, String> l = new LinkedHashMap<>(labels(p));
                        l.put(name, p.getName(k));
                        out.add(new Sample(name, "stateset", Collections.unmodifiableMap(l), p.isTrue(k) ? 1 : 0));
                    }
                }
            } else if (m instanceof SummarySnapshot s) {
                for (var p : s.getDataPoints()) {
                    out.add(new Sample(name + "_count", "summary", labels(p), p.getCount()));
                    out.add(new Sample(name + "_sum", "summary", labels(p), p.getSum()));
                }
            } else if (m instanceof HistogramSnapshot h) {
                for (var p : h.getDataPoints()) {
                    out.add(new Sample(name + "_count", "histogram", labels(p), p.getCount()));
                    out.add(new Sample(name + "_sum", "histogram", labels(p), p.getSum()));
                }
            } else if (m instanceof UnknownSnapshot u) {
                for (var p : u.getDataPoints()) out.add(new Sample(name, "untyped", labels(p), p.getValue()));
            }
        }
        return out;
    }

    private static Map<String, String> labels(DataPointSnapshot p) {
        Map<String, String> l = new LinkedHashMap<>();
        for (Label label : p.getLabels()) l.put(label.getName(), label.getValue());
        return Collections.unmodifiableMap(l);
    }
}
