package dev.cairn.observe;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link MetricSource} writes. Names follow Prometheus rules ({@code cairn_bus_published_total});
 * labels come as name/value pairs ({@code "topic", "orders/new"}). A counter only ever grows (until the
 * process restarts); a gauge goes up and down.
 */
@ProviderType
public interface MetricWriter {
    void counter(String name, String help, double value, String... labels);

    void gauge(String name, String help, double value, String... labels);
}
