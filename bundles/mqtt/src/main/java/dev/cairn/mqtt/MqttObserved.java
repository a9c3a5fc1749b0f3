package dev.cairn.mqtt;

import dev.cairn.bus.spi.Transport;
import dev.cairn.launcher.spi.BundleDiagnosis;
import dev.cairn.launcher.spi.Readiness;
import dev.cairn.observe.Health;
import dev.cairn.observe.HealthCheck;
import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * The transport's health and metrics for the node's {@code /health}, {@code /metrics} and management ops.
 * Present exactly while the transport is (it is configured): a node without MQTT has no "mqtt" check.
 * DOWN while disconnected, with the reason; reads only the transport's {@link Counters}. Also the broker's
 * reachability an upgrade on trial waits for.
 */
// configured exactly when the transport is: without dev.cairn.mqtt this component is switched off, not unsatisfied
@Component(service = {HealthCheck.class, MetricSource.class, BundleDiagnosis.class, Readiness.class}, configurationPid = MqttTransport.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class MqttObserved implements HealthCheck, MetricSource, BundleDiagnosis, Readiness {
    private final Counters counters;
    private final long bundleId;

    @Activate
    public MqttObserved(@Reference(name = "transport", target = "(component.name=" + MqttTransport.PID + ")") Transport transport,
                        BundleContext context) {
        this(((MqttTransport) transport).counters(), context.getBundle().getBundleId());
    }

    MqttObserved(Counters counters, long bundleId) {
        this.counters = counters;
        this.bundleId = bundleId;
    }

    /** On this bundle's row of {@code cairn status}: what the broker refused this node for lack of rights. */
    @Override
    public Optional<String> problem(Bundle bundle) {
        String last = counters.lastNotAuthorized;
        if (bundle.getBundleId() != bundleId || last == null) return Optional.empty();
        long n = counters.droppedByReason().getOrDefault(Drop.NOT_AUTHORIZED.name(), 0L);
        return Optional.of("the broker refused " + n + " of this node's messages or subscriptions for lack of rights, the last on " + last);
    }

    /** An upgraded runtime commits only once it reaches the broker the node came from. */
    @Override
    public Optional<String> notReady() {
        Health h = check();
        return h.isUp() ? Optional.empty() : Optional.of("MQTT: " + h.reason());
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public Health check() {
        if (counters.connected()) return Health.up();
        String problem = counters.problem();
        return Health.down(problem == null ? "not connected to the broker yet" : problem);
    }

    @Override
    public void collect(MetricWriter out) {
        out.gauge("cairn_mqtt_connected", "1 while connected to the broker.", counters.connected() ? 1 : 0);
        out.counter("cairn_mqtt_reconnects_total", "Successful connections after the first one.", counters.reconnects());
        out.counter("cairn_mqtt_connect_failures_total", "Connection attempts that failed.", counters.connectFailures());
        out.gauge("cairn_mqtt_outbox_messages", "Events in the outbox waiting for the broker's acknowledgement.", counters.queueDepth());
        out.gauge("cairn_mqtt_outbox_bytes", "Bytes of the events in the outbox.", counters.queueBytes());
        out.counter("cairn_mqtt_events_sent_total", "Events handed to the broker.", counters.eventsSent());
        out.counter("cairn_mqtt_events_acknowledged_total", "Events the broker acknowledged.", counters.eventsAcknowledged());
        out.counter("cairn_mqtt_events_received_total", "Events received from other nodes.", counters.eventsReceived());
        out.counter("cairn_mqtt_requests_sent_total", "Requests sent to other nodes.", counters.requestsSent());
        out.counter("cairn_mqtt_requests_served_total", "Requests from other nodes served here.", counters.requestsServed());
        out.counter("cairn_mqtt_request_timeouts_total", "Requests to other nodes that timed out.", counters.timeouts());
        counters.droppedByReason().forEach((reason, n) ->
                out.counter("cairn_mqtt_dropped_total", "Messages dropped, by reason.", n, "reason", reason.toLowerCase(java.util.Locale.ROOT)));
    }
}
