package dev.cairn.observe;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** Every {@link MetricSource} and the node's own measurements (JVM, bundles), read now. */
@ProviderType
public interface NodeMetrics {
    /** The Prometheus text exposition format, version 0.0.4. */
    String prometheusText();

    /** The same samples, for JSON. */
    List<Sample> samples();

    record Sample(String name, String type, Map<String, String> labels, double value) {}
}
