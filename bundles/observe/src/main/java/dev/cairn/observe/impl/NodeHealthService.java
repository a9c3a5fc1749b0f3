package dev.cairn.observe.impl;

import dev.cairn.observe.Health;
import dev.cairn.observe.HealthCheck;
import dev.cairn.observe.HealthReport;
import dev.cairn.observe.NodeHealth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's health: its own checks (framework, system bundles, components) and every {@link HealthCheck}
 * service. Live: the framework runs and no liveness check is DOWN. Ready: no check is DOWN (UP or DEGRADED).
 */
@Component(service = NodeHealth.class)
public final class NodeHealthService implements NodeHealth {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHealthService.class);

    private final Supplier<List<BundleView>> bundles;
    private final Supplier<Boolean> frameworkActive;
    private final Supplier<List<ComponentView>> components;
    private final Map<HealthCheck, Boolean> checks = new ConcurrentHashMap<>();
    /** A check that throws is reported DOWN at every call but logged once per distinct message. */
    private final Map<String, String> loggedFailures = new ConcurrentHashMap<>();

    @Activate
    public NodeHealthService(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this(() -> Arrays.stream(context.getBundles()).map(BundleView::of).toList(),
                () -> context.getBundle(0).getState() == Bundle.ACTIVE,
                () -> ComponentView.unsatisfied(scr));
    }

    NodeHealthService(Supplier<List<BundleView>> bundles, Supplier<Boolean> frameworkActive, Supplier<List<ComponentView>> components) {
        this.bundles = bundles;
        this.frameworkActive = frameworkActive;
        this.components = components;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check, Map<String, Object> properties) {
        checks.put(check, Boolean.parseBoolean(String.valueOf(properties.get(HealthCheck.LIVENESS))));
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    /**
     * How long the platform checks' outcome is reused: walking every bundle and SCR's component DTOs costs
     * ~10× a plain request, and a load balancer may probe many times a second. Registered checks are cheap
     * by contract and asked every time.
     */
    private static final long PLATFORM_FRESH_NANOS = 500_000_000L;
    private volatile List<HealthReport.Check> platform;
    private volatile long platformAt;

    @Override
    public HealthReport report() {
        List<HealthReport.Check> out = new ArrayList<>();
        out.add(check("framework", true, () -> frameworkActive.get() ? Health.up() : Health.down("the OSGi framework is not active")));
        out.addAll(platform());
        List<HealthReport.Check> contributed = new ArrayList<>();
        checks.forEach((c, liveness) -> contributed.add(check(safeName(c), liveness, c::check)));
        contributed.sort(Comparator.comparing(HealthReport.Check::name));
        out.addAll(contributed);
        // DEGRADED (an open circuit breaker) is working: it shows, but it neither restarts nor unreadies the node
        boolean live = out.stream().filter(HealthReport.Check::liveness).allMatch(c -> c.status() != Health.Status.DOWN);
        boolean ready = out.stream().allMatch(c -> c.status() != Health.Status.DOWN);
        return new HealthReport(live, ready, out);
    }

    private List<HealthReport.Check> platform() {
        List<HealthReport.Check> p = platform;
        long now = System.nanoTime();
        if (p == null || now - platformAt >= PLATFORM_FRESH_NANOS) {
            p = List.of(check("system-bundles", false, () -> Readiness.systemBundles(bundles.get())),
                    check("components", false, () -> Readiness.components(components.get())));
            platform = p;
            platformAt = now;
        }
        return p;
    }

    private HealthReport.Check check(String name, boolean liveness, Supplier<Health> check) {
        Health h;
        try {
            h = check.get();
            if (h == null) h = Health.down("the check returned nothing");
            loggedFailures.remove(name);
        } catch (RuntimeException | LinkageError e) {
            String reason = "the check threw " + e;
            if (!reason.equals(loggedFailures.put(name, reason))) LOG.warn("health check {}: {}", name, reason);
            h = Health.down(reason);
        }
        return new HealthReport.Check(name, h.status(), h.reason(), liveness);
    }

    private static String safeName(HealthCheck c) {
        try {
            String n = c.name();
            return n == null || n.isBlank() ? c.getClass().getName() : n;
        } catch (RuntimeException e) {
            return c.getClass().getName();
        }
    }
}
