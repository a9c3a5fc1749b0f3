package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.access.Grants;
import dev.cairn.bus.api.BusException;
import dev.cairn.observe.MetricWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusRefusalReportTest {

    @Test
    void refusalsAreCountedPerBundleAndActionInTheMetrics() {
        LocalBus bus = new LocalBus();
        BusRefusalReport report = new BusRefusalReport(bus);
        var orders = BundleBus.granted(bus, "dev.cairn.examples.orders", Grants.NONE);
        for (int i = 0; i < 2; i++) assertThatThrownBy(() -> orders.publish("sensors/gh", "x")).isInstanceOf(BusException.class);
        assertThatThrownBy(() -> orders.handle("payments/authorize", String.class, s -> s)).isInstanceOf(BusException.class);

        List<String> lines = new ArrayList<>();
        report.collect(new MetricWriter() {
            @Override
            public void counter(String name, String help, double value, String... labels) {
                lines.add(name + " " + String.join(",", labels) + " " + value);
            }

            @Override
            public void gauge(String name, String help, double value, String... labels) {
                lines.add(name + " " + String.join(",", labels) + " " + value);
            }
        });

        assertThat(lines).containsExactly(
                "cairn_bus_refused_total bundle,dev.cairn.examples.orders,action,publish 2.0",
                "cairn_bus_refused_total bundle,dev.cairn.examples.orders,action,serve 1.0");
    }
}
