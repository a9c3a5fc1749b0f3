/**
 * How a node tells whether it is well, and what it measures.
 *
 * <p>Any bundle may register {@link dev.cairn.observe.HealthCheck} and {@link dev.cairn.observe.MetricSource}
 * services (whiteboard). The node aggregates them into one {@link dev.cairn.observe.NodeHealth} and one
 * {@link dev.cairn.observe.NodeMetrics} service, which the HTTP endpoints ({@code /health},
 * {@code /metrics}) and the management ops ({@code health}, {@code metrics}) both serve, so the two always
 * agree.
 *
 * <p>Checks and sources are called on the caller's thread each time someone asks: they must be cheap and
 * must not block (read a field kept up to date elsewhere, do not open a device).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.cairn.observe;
