package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.observe.MetricWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallEdgesTest {

    private static List<String> written(CallEdges edges) {
        List<String> out = new ArrayList<>();
        edges.write(new MetricWriter() {
            @Override
            public void counter(String name, String help, double value, String... labels) {
                out.add(name + List.of(labels) + "=" + (long) value);
            }

            @Override
            public void gauge(String name, String help, double value, String... labels) {
            }

            @Override
            public void histogram(String name, String help, double[] upperBounds, long[] counts, double sum, String... labels) {
                out.add(name + List.of(labels) + "=" + Arrays.stream(counts).sum());
            }
        });
        return out;
    }

    @Test
    void eachEdgeCountsItsOutcomesAndLatencies() {
        CallEdges edges = new CallEdges(10);
        edges.record("orders", "payments", "shop/pay", false, null, 40_000);
        edges.record("orders", "payments", "shop/pay", false, null, 2_000_000);
        edges.record("orders", null, "shop/pay", true, new BusException(Reason.TIMEOUT, "late"), 5_000_000_000L);

        assertThat(written(edges)).contains(
                "cairn_bus_calls_total[caller, orders, callee, payments, topic, shop/pay, placement, local, outcome, OK]=2",
                "cairn_bus_call_seconds[caller, orders, callee, payments, topic, shop/pay, placement, local]=2",
                "cairn_bus_calls_total[caller, orders, callee, unknown, topic, shop/pay, placement, remote, outcome, TIMEOUT]=1");
    }

    @Test
    void pastItsBoundNewEdgesAreSummedUnderOther() {
        CallEdges edges = new CallEdges(2);
        for (int i = 0; i < 50; i++) edges.record("sensors", "store", "readings/" + i, false, null, 1_000);

        assertThat(edges.size()).isEqualTo(3);
        assertThat(written(edges)).contains("cairn_bus_calls_total[caller, sensors, callee, store, topic, _other, placement, local, outcome, OK]=48");
    }
}
