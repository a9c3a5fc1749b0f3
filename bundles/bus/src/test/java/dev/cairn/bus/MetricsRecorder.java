package dev.cairn.bus;

import dev.cairn.observe.MetricWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a MetricSource wrote, by name and labels. */
final class MetricsRecorder implements MetricWriter {
    private final Map<String, Double> values = new LinkedHashMap<>();

    @Override
    public void counter(String name, String help, double value, String... labels) {
        put(name, value, labels);
    }

    @Override
    public void gauge(String name, String help, double value, String... labels) {
        put(name, value, labels);
    }

    private void put(String name, double value, String[] labels) {
        if (values.put(name + Arrays.toString(labels), value) != null) throw new AssertionError(name + Arrays.toString(labels) + " written twice");
    }

    Double value(String name, String... labels) {
        return values.get(name + Arrays.toString(labels));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
