package dev.cairn.trace.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bus.trace.Span;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanConversionTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT = "00f067aa0ba902b7";
    static final String SPAN = "b7ad6b7169203331";

    private final SpanConversion conversion = new SpanConversion(SpanConversion.resource("shop", "node-a"));

    @Test
    void aRequestKeepsItsIdsAndParentAndSaysWhoCalledWhom() {
        Span span = new Span(TRACE, SPAN, PARENT, Span.Kind.REQUEST, "shop/payments/charge", "dev.cairn.examples.orders",
                "dev.cairn.examples.payments", "node-a", false, 1_700_000_000_123_456L, 2_500_000L, Span.OK);

        SpanData data = conversion.convert(span);

        assertThat(data.getTraceId()).isEqualTo(TRACE);
        assertThat(data.getSpanId()).isEqualTo(SPAN);
        assertThat(data.getParentSpanId()).isEqualTo(PARENT);
        assertThat(data.getParentSpanContext().isRemote()).isFalse();
        assertThat(data.getSpanContext().isSampled()).isTrue();
        assertThat(data.getName()).isEqualTo("REQUEST shop/payments/charge");
        assertThat(data.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(data.getStartEpochNanos()).isEqualTo(1_700_000_000_123_456_000L);
        assertThat(data.getEndEpochNanos()).isEqualTo(1_700_000_000_123_456_000L + 2_500_000L);
        assertThat(data.hasEnded()).isTrue();
        assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(data.getAttributes().asMap()).containsOnly(
                entry("messaging.system", "cairn"),
                entry("messaging.destination.name", "shop/payments/charge"),
                entry("cairn.caller", "dev.cairn.examples.orders"),
                entry("cairn.callee", "dev.cairn.examples.payments"),
                entry("cairn.node", "node-a"),
                entry("cairn.placement", "local"),
                entry("cairn.outcome", "OK"));
        assertThat(data.getTotalAttributeCount()).isEqualTo(7);
        assertThat(data.getInstrumentationScopeInfo().getName()).isEqualTo("dev.cairn.bus");
        assertThat(data.getResource().getAttribute(SpanConversion.SERVICE_NAME)).isEqualTo("shop");
        assertThat(data.getResource().getAttribute(SpanConversion.SERVICE_INSTANCE)).isEqualTo("node-a");
        assertThat(data.getResource().getAttribute(SpanConversion.HOST_NAME)).isEqualTo("node-a");
    }

    @ParameterizedTest
    @CsvSource({"PUBLISH, PRODUCER", "DELIVER, CONSUMER", "REQUEST, CLIENT", "SERVE, SERVER"})
    void eachKindOfHopHasItsSpanKind(Span.Kind kind, SpanKind expected) {
        SpanData data = conversion.convert(new Span(TRACE, SPAN, null, kind, "t", null, null, "n", false, 1, 1, Span.OK));

        assertThat(data.getKind()).isEqualTo(expected);
        assertThat(data.getName()).isEqualTo(kind + " t");
    }

    @Test
    void theFirstHopHasNoParent() {
        SpanData data = conversion.convert(new Span(TRACE, SPAN, null, Span.Kind.PUBLISH, "sensors/t", "dev.cairn.a", null,
                "node-a", false, 1, 1, Span.OK));

        assertThat(data.getParentSpanContext().isValid()).isFalse();
        assertThat(data.getAttributes().get(AttributeKey.stringKey("cairn.callee"))).isNull();
    }

    @Test
    void aServeOfAMessageFromAnotherNodeIsTheChildOfARemoteSpanAndAFailureIsAnError() {
        SpanData data = conversion.convert(new Span(TRACE, SPAN, PARENT, Span.Kind.SERVE, "shop/payments/charge",
                "dev.cairn.examples.orders", "dev.cairn.examples.payments", "node-b", true, 1, 1, "TIMEOUT"));

        assertThat(data.getParentSpanContext().isRemote()).isTrue();
        assertThat(data.getParentSpanId()).isEqualTo(PARENT);
        assertThat(data.getAttributes().get(SpanConversion.PLACEMENT)).isEqualTo("remote");
        assertThat(data.getAttributes().get(SpanConversion.OUTCOME)).isEqualTo("TIMEOUT");
        assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(data.getStatus().getDescription()).isEqualTo("TIMEOUT");
    }

    @Test
    void aRequestThatWentToAnotherNodeHasALocalParent() {
        SpanData data = conversion.convert(new Span(TRACE, SPAN, PARENT, Span.Kind.REQUEST, "t", "a", null, "node-a",
                true, 1, 1, Span.OK));

        assertThat(data.getParentSpanContext().isRemote()).isFalse();
        assertThat(data.getAttributes().get(SpanConversion.PLACEMENT)).isEqualTo("remote");
    }

    @Test
    void aSpanWhoseIdsAreNotW3cHexIsNotConverted() {
        assertThat(conversion.convert(new Span("not-hex", SPAN, null, Span.Kind.PUBLISH, "t", null, null, "n", false, 1, 1,
                Span.OK))).isNull();
        assertThat(conversion.convert(new Span(TRACE, "00000000000000", null, Span.Kind.PUBLISH, "t", null, null, "n", false,
                1, 1, Span.OK))).isNull();
    }

    private static java.util.Map.Entry<AttributeKey<?>, Object> entry(String key, String value) {
        return java.util.Map.entry(AttributeKey.stringKey(key), value);
    }
}
