package dev.cairn.observe;

import org.osgi.annotation.versioning.ProviderType;

/** The aggregate of every {@link HealthCheck} and the node's own checks. */
@ProviderType
public interface NodeHealth {
    HealthReport report();
}
