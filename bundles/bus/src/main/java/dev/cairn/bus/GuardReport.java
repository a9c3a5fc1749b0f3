package dev.cairn.bus;

import dev.cairn.observe.Health;
import dev.cairn.observe.HealthCheck;
import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The circuit breakers and rate limits as an operator sees them: their state and refusals in {@code /metrics},
 * and in {@code /health} a check {@value #NAME} that is DEGRADED, naming each breaker not closed — the node still
 * works and stays ready; what it calls does not answer.
 */
@Component(service = {MetricSource.class, HealthCheck.class})
public final class GuardReport implements MetricSource, HealthCheck {
    static final String NAME = "bus-breakers";
    static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
    static final String RATE_LIMITED = "RATE_LIMITED";

    private final CallGuard guard;

    @Activate
    public GuardReport(@Reference LocalBus bus) {
        this(bus.guard());
    }

    GuardReport(CallGuard guard) {
        this.guard = guard;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Health check() {
        List<String> notClosed = new ArrayList<>();
        for (Breaker b : guard.breakers().all()) {
            String status = b.status();
            if (status != null) notClosed.add(status);
        }
        return notClosed.isEmpty() ? Health.up() : Health.degraded(String.join("; ", notClosed));
    }

    @Override
    public void collect(MetricWriter out) {
        // one series per (reason, topic): two breakers of one topic (two callers) are summed
        Map<String, Long> openRefusals = new TreeMap<>();
        for (Breaker b : guard.breakers().all()) {
            BreakerSpec s = b.spec();
            out.gauge("cairn_bus_breaker_state", "A circuit breaker's state: 0 closed, 1 half-open (trial requests go through), 2 open (requests fail fast).",
                    b.state().gauge, "breaker", s.name(), "caller", s.caller(), "topic", s.topic());
            out.counter("cairn_bus_breaker_opened_total", "Times a circuit breaker opened since the node started (or it was configured).",
                    b.opened(), "breaker", s.name(), "caller", s.caller(), "topic", s.topic());
            openRefusals.merge(s.topic(), b.refused(), Long::sum);
        }
        String help = "Requests refused before reaching a handler: CIRCUIT_OPEN by the caller's breaker (topic: the breaker's),"
                + " RATE_LIMITED by the handler's rate limit on this node.";
        openRefusals.forEach((topic, n) -> out.counter("cairn_bus_requests_refused_total", help, n, "reason", CIRCUIT_OPEN, "topic", topic));
        guard.limits().refusedByTopic().forEach((topic, n) -> out.counter("cairn_bus_requests_refused_total", help, n, "reason", RATE_LIMITED, "topic", topic));
        guard.limits().inForce().forEach((topic, limits) -> {
            double perSecond = 0;
            for (RateLimit l : limits) perSecond += l.spec().count() * 1e9 / l.spec().per().toNanos();
            out.gauge("cairn_bus_rate_limit_per_second", "The requests per second a topic's handlers take on this node (the sum of the limits in force).",
                    perSecond, "topic", topic);
        });
    }
}
