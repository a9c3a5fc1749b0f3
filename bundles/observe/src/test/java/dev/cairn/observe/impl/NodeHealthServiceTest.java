package dev.cairn.observe.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.observe.Health;
import dev.cairn.observe.HealthCheck;
import dev.cairn.observe.HealthReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class NodeHealthServiceTest {
    final List<BundleView> bundles = new ArrayList<>(List.of(
            new BundleView(1, "org.apache.felix.scr", "reference:file:/opt/cairn/system/2/scr.jar", Bundle.ACTIVE, false),
            new BundleView(2, "a.fragment", "reference:file:/opt/cairn/system/1/f.jar", Bundle.RESOLVED, true),
            new BundleView(3, "app", "file:/opt/cairn/deploy/app.jar", Bundle.INSTALLED, false)));
    final List<ComponentView> unsatisfied = new ArrayList<>();
    final AtomicBoolean framework = new AtomicBoolean(true);
    final NodeHealthService health = new NodeHealthService(() -> bundles, framework::get, () -> unsatisfied);

    static HealthCheck check(String name, Health h) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check() {
                return h;
            }
        };
    }

    @Test
    void aNodeWithItsSystemBundlesActiveAndNoChecksIsLiveAndReady() {
        HealthReport r = health.report();
        assertThat(r.live()).isTrue();
        assertThat(r.ready()).as("an application bundle that does not resolve does not make the node unready").isTrue();
        assertThat(r.checks()).extracting(HealthReport.Check::name).containsExactly("framework", "system-bundles", "components");
    }

    @Test
    void aDegradedCheckShowsWithItsReasonButLeavesTheNodeLiveAndReady() {
        health.addCheck(check("bus-breakers", Health.degraded("circuit breaker 'payments' is open")), Map.of(HealthCheck.LIVENESS, "true"));

        HealthReport r = health.report();
        assertThat(r.live()).isTrue();
        assertThat(r.ready()).isTrue();
        assertThat(r.checks()).filteredOn(c -> c.name().equals("bus-breakers")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(Health.Status.DEGRADED))
                .satisfies(c -> assertThat(c.reason()).isEqualTo("circuit breaker 'payments' is open"));
    }

    @Test
    void aSystemBundleNotActiveOrAnUnsatisfiedComponentMakesTheNodeUnreadyButLiveWithTheReasonNamed() {
        bundles.add(new BundleView(4, "dev.cairn.mqtt", "reference:file:/opt/cairn/system/4/mqtt.jar", Bundle.RESOLVED, false));
        unsatisfied.add(new ComponentView("dev.cairn.examples.orders", "dev.cairn.examples.orders", "waits for bus"));

        HealthReport r = health.report();
        assertThat(r.live()).isTrue();
        assertThat(r.ready()).isFalse();
        assertThat(r.checks()).filteredOn(c -> c.name().equals("system-bundles")).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("system bundles not active: dev.cairn.mqtt is RESOLVED"));
        assertThat(r.checks()).filteredOn(c -> c.name().equals("components")).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("dev.cairn.examples.orders").contains("waits for bus"));
    }

    @Test
    void checksCountForReadinessAndLivenessChecksForLivenessAThrowingCheckIsDown() {
        health.addCheck(check("mqtt", Health.down("not connected to tcp://broker:1883")), Map.of());
        health.addCheck(new HealthCheck() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Health check() {
                throw new IllegalStateException("boom");
            }
        }, Map.of());
        HealthReport r = health.report();
        assertThat(r.live()).isTrue();
        assertThat(r.ready()).isFalse();
        assertThat(r.checks()).extracting(HealthReport.Check::name).containsExactly("framework", "system-bundles", "components", "broken", "mqtt");
        assertThat(r.checks().get(3).reason()).contains("IllegalStateException: boom");

        HealthCheck deadlock = check("deadlock", Health.down("threads deadlocked"));
        health.addCheck(deadlock, Map.of(HealthCheck.LIVENESS, "true"));
        assertThat(health.report().live()).isFalse();
        health.removeCheck(deadlock);
        assertThat(health.report().live()).isTrue();
    }

    @Test
    void aStoppedFrameworkIsNotLive() {
        framework.set(false);
        assertThat(health.report().live()).isFalse();
    }
}
