package dev.cairn.bus;

import dev.cairn.launcher.spi.BundleDiagnosis;
import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Shows what the bus refused: per bundle in {@code cairn status}, and counted in {@code /metrics}. */
@Component(service = {BundleDiagnosis.class, MetricSource.class})
public final class BusRefusalReport implements BundleDiagnosis, MetricSource {
    private final Refusals refusals;

    @Activate
    public BusRefusalReport(@Reference LocalBus bus) {
        this.refusals = bus.refusals();
    }

    @Override
    public Optional<String> problem(Bundle bundle) {
        return Optional.ofNullable(refusals.problem(Gates.name(bundle)));
    }

    @Override
    public void collect(MetricWriter out) {
        for (Refusals.Count c : refusals.counts()) {
            out.counter("cairn_bus_refused_total", "Bus calls refused because the bundle's @BusGrants do not allow them",
                    c.count(), "bundle", c.bundle(), "action", c.action().attribute());
        }
    }
}
