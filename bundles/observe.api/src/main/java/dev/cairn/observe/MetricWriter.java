package dev.cairn.observe;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link MetricSource} writes. Names follow Prometheus rules ({@code cairn_bus_published_total});
 * labels come as name/value pairs ({@code "topic", "orders/new"}). A counter only ever grows (until the
 * process restarts); a gauge goes up and down; a histogram counts observations into buckets.
 */
@ProviderType
public interface MetricWriter {
    void counter(String name, String help, double value, String... labels);

    void gauge(String name, String help, double value, String... labels);

    /**
     * A histogram: {@code counts[i]} observations were at most {@code upperBounds[i]} and above the bound before it;
     * {@code counts} has one more element than {@code upperBounds}, for the observations above the last bound.
     * {@code sum} is the sum of all observations. The name has no {@code _bucket}/{@code _count}/{@code _sum} suffix.
     * A writer that keeps only counters and gauges (a test's) ignores it.
     */
    default void histogram(String name, String help, double[] upperBounds, long[] counts, double sum, String... labels) {
    }
}
