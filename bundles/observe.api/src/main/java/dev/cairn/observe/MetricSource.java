package dev.cairn.observe;

import org.osgi.annotation.versioning.ConsumerType;

/** A bundle's measurements, registered as a service and read at every scrape. */
@ConsumerType
public interface MetricSource {
    /** Writes the current values; cheap, never blocks. */
    void collect(MetricWriter out);
}
