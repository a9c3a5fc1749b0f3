package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.observe.Health;
import dev.cairn.observe.MetricWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MqttObservedTest {
    final Counters counters = new Counters();
    final MqttObserved observed = new MqttObserved(counters, 7);

    @Test
    void downWithTheReasonWhileDisconnectedUpWhenConnected() {
        assertThat(observed.check()).isEqualTo(Health.down("not connected to the broker yet"));
        counters.problem = "cannot connect to tcp://127.0.0.1:1: Connection refused";
        assertThat(observed.check().reason()).isEqualTo("cannot connect to tcp://127.0.0.1:1: Connection refused");
        counters.connected = true;
        assertThat(observed.check().isUp()).isTrue();
    }

    @Test
    void metricsCarryQueueDepthReconnectsAndDropsByReason() {
        counters.connects.add(3);
        counters.outboxMessages = () -> 42;
        counters.drop(Drop.OVERSIZE);
        Map<String, Double> seen = new LinkedHashMap<>();
        observed.collect(new MetricWriter() {
            @Override
            public void counter(String name, String help, double value, String... labels) {
                seen.put(name + String.join(",", labels), value);
            }

            @Override
            public void gauge(String name, String help, double value, String... labels) {
                seen.put(name + String.join(",", labels), value);
            }
        });
        assertThat(seen).containsEntry("cairn_mqtt_reconnects_total", 2.0)
                .containsEntry("cairn_mqtt_outbox_messages", 42.0)
                .containsEntry("cairn_mqtt_dropped_totalreason,oversize", 1.0)
                .containsEntry("cairn_mqtt_connected", 0.0);
    }
}
