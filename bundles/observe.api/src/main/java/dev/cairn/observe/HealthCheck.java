package dev.cairn.observe;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One thing the node depends on (a broker connection, a sensor). Registered as a service; every check
 * counts for readiness, and those registered with {@code cairn.health.liveness=true} also for liveness.
 */
@ConsumerType
public interface HealthCheck {
    /** Service property: {@code true} when a DOWN result means the node should be restarted. */
    String LIVENESS = "cairn.health.liveness";

    /** A short stable name: {@code mqtt}, {@code sensor:greenhouse-1}. */
    String name();

    /** Cheap, never blocks, never throws (a throw counts as DOWN with the exception as reason). */
    Health check();
}
