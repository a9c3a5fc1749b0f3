package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bus.spi.Call;
import org.junit.jupiter.api.Test;

class CallHeadersTest {
    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void anOutboxTopicFieldKeepsTheTraceAndReadsBackAsTheBareTopic() {
        String stored = CallHeaders.stored("orders/new", new Call("dev.cairn.examples.orders", PARENT));

        assertThat(CallHeaders.topic(stored)).isEqualTo("orders/new");
        Call call = CallHeaders.call(stored);
        assertThat(call.traceparent()).isEqualTo(PARENT);
        assertThat(call.caller()).isEqualTo("dev.cairn.examples.orders");
    }

    @Test
    void anUntracedEventIsStoredAsBeforeSoOldRecordsAndNewOnesReadAlike() {
        assertThat(CallHeaders.stored("orders/new", null)).isEqualTo("orders/new");
        assertThat(CallHeaders.stored("orders/new", new Call("orders", null))).isEqualTo("orders/new");
        assertThat(CallHeaders.call("orders/new")).isNull();
        assertThat(CallHeaders.call(CallHeaders.stored("t", new Call(null, PARENT))).caller()).isNull();
    }
}
