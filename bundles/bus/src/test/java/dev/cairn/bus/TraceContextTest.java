package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {

    @Test
    void aContextRoundTripsThroughItsTraceparent() {
        TraceContext root = TraceContext.root(true);
        TraceContext child = root.child();

        assertThat(root.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceContext.parse(child.traceparent())).isEqualTo(child);
        assertThat(child.traceId()).isEqualTo(root.traceId());
        assertThat(child.spanId()).isNotEqualTo(root.spanId());
        assertThat(TraceContext.parse(TraceContext.root(false).traceparent()).sampled()).isFalse();
    }

    @Test
    void invalidValuesAreIgnoredAsW3cSays() {
        assertThat(TraceContext.parse(null)).isNull();
        assertThat(TraceContext.parse("garbage")).isNull();
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).as("all-zero trace id").isNull();
        assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).as("all-zero span id").isNull();
        assertThat(TraceContext.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).as("version ff").isNull();
        assertThat(TraceContext.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).as("upper case").isNull();
        assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNotNull();
    }
}
