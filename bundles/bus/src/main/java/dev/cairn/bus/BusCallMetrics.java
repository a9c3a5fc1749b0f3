package dev.cairn.bus;

import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The bus's requests per edge in {@code /metrics}: {@code cairn_bus_calls_total} and {@code cairn_bus_call_seconds}. */
@Component(service = MetricSource.class)
public final class BusCallMetrics implements MetricSource {
    private final LocalBus bus;

    @Activate
    public BusCallMetrics(@Reference LocalBus bus) {
        this.bus = bus;
    }

    @Override
    public void collect(MetricWriter out) {
        CallEdges edges = bus.edges();
        if (edges != null) edges.write(out);
    }
}
