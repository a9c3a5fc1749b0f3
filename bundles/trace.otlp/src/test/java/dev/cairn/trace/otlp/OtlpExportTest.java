package dev.cairn.trace.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.cairn.bus.trace.Span;
import dev.cairn.observe.MetricWriter;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The component against a real OTLP/HTTP receiver on 127.0.0.1, or against none. */
class OtlpExportTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final RetryPolicy QUICK_RETRY = RetryPolicy.builder().setMaxAttempts(2).setInitialBackoff(Duration.ofMillis(10))
            .setMaxBackoff(Duration.ofMillis(10)).build();

    private final Logger batchLog = Logger.getLogger(BatchExport.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { logged.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private OtlpReceiver receiver;
    private OtlpExport export;

    @BeforeEach
    void start() throws Exception {
        batchLog.addHandler(capture);
        receiver = new OtlpReceiver();
    }

    @AfterEach
    void stop() {
        if (export != null) export.deactivate();
        receiver.close();
        batchLog.removeHandler(capture);
    }

    @Test
    void spansReachTheCollectorWithTheirIdsParentsAndAttributes() {
        export = new OtlpExport(OtlpSettings.of(TestConfig.endpoint(receiver.endpoint()).batch(10, 50)
                .headers("api-key=s3cret").serviceName("shop")), "node-a");

        export.export(span("a000000000000001", null, Span.Kind.REQUEST, false, Span.OK));
        export.export(span("a000000000000002", "a000000000000001", Span.Kind.SERVE, true, Span.OK));
        export.export(span("a000000000000003", "a000000000000002", Span.Kind.PUBLISH, false, "NO_HANDLER"));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 3);
        Map<String, io.opentelemetry.proto.trace.v1.Span> byId = receiver.spans().stream()
                .collect(Collectors.toMap(s -> hex(s.getSpanId()), s -> s));
        assertThat(byId).containsOnlyKeys("a000000000000001", "a000000000000002", "a000000000000003");
        assertThat(byId.values()).allSatisfy(s -> assertThat(hex(s.getTraceId())).isEqualTo(TRACE));

        io.opentelemetry.proto.trace.v1.Span request = byId.get("a000000000000001");
        assertThat(request.getParentSpanId()).isEmpty();
        assertThat(request.getName()).isEqualTo("REQUEST shop/payments/charge");
        assertThat(request.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(request.getStartTimeUnixNano()).isEqualTo(1_700_000_000_000_001_000L);
        assertThat(request.getEndTimeUnixNano()).isEqualTo(1_700_000_000_000_001_000L + 3_000_000L);
        assertThat(attributes(request.getAttributesList())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "messaging.system", "cairn", "messaging.destination.name", "shop/payments/charge",
                "cairn.caller", "dev.cairn.examples.orders", "cairn.callee", "dev.cairn.examples.payments",
                "cairn.node", "node-a", "cairn.placement", "local", "cairn.outcome", "OK"));
        assertThat(request.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

        io.opentelemetry.proto.trace.v1.Span serve = byId.get("a000000000000002");
        assertThat(hex(serve.getParentSpanId())).isEqualTo("a000000000000001");
        assertThat(serve.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(attributes(serve.getAttributesList())).containsEntry("cairn.placement", "remote");

        io.opentelemetry.proto.trace.v1.Span publish = byId.get("a000000000000003");
        assertThat(hex(publish.getParentSpanId())).isEqualTo("a000000000000002");
        assertThat(publish.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER);
        assertThat(publish.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(publish.getStatus().getMessage()).isEqualTo("NO_HANDLER");

        Resource resource = receiver.requests().get(0).getResourceSpans(0).getResource();
        assertThat(attributes(resource.getAttributesList())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "service.name", "shop", "service.instance.id", "node-a", "host.name", "node-a"));
        assertThat(receiver.requests().get(0).getResourceSpans(0).getScopeSpans(0).getScope().getName())
                .isEqualTo("dev.cairn.bus");
        assertThat(receiver.header("api-key")).isEqualTo("s3cret");
        await().atMost(Duration.ofSeconds(5)).until(() -> export.exported() == 3);
        assertThat(metrics(export)).containsEntry("cairn_trace_otlp_exported_total", 3.0)
                .containsEntry("cairn_trace_otlp_dropped_total", 0.0).containsEntry("cairn_trace_otlp_failed_total", 0.0);
    }

    @Test
    void aCollectorThatDoesNotAnswerNeverHoldsUpTheBusAndWhatTheFullQueueDropsIsCounted() {
        export = new OtlpExport(OtlpSettings.of(TestConfig.endpoint(receiver.endpoint()).timeoutMs(30_000).queue(10)
                .batch(1, 0)), "node-a");
        receiver.hold();
        export.export(span("b000000000000000", null, Span.Kind.PUBLISH, false, Span.OK));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.arrived() == 1);   // the sender now waits on it

        // on another thread, so that a blocking export() fails the test at the deadline instead of hanging it
        CompletableFuture<Void> bus = CompletableFuture.runAsync(() -> IntStream.range(1, 101)
                .forEach(i -> export.export(span(String.format("b%015x", i), null, Span.Kind.PUBLISH, false, Span.OK))));
        await().atMost(Duration.ofSeconds(10)).until(bus::isDone);

        assertThat(export.dropped()).isEqualTo(90);
        assertThat(metrics(export)).containsEntry("cairn_trace_otlp_dropped_total", 90.0)
                .containsEntry("cairn_trace_otlp_queued_spans", 10.0);
        receiver.release();
        await().atMost(Duration.ofSeconds(20)).until(() -> export.exported() == 11);
        assertThat(export.dropped()).isEqualTo(90);
        assertThat(export.failed()).isZero();
    }

    @Test
    void withTheCollectorDownSpansCountAsFailedAndTheBusGoesOn() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        export = new OtlpExport(OtlpSettings.of(TestConfig.endpoint("http://127.0.0.1:" + closedPort + "/v1/traces")
                .timeoutMs(2000).queue(5).batch(5, 0)), "node-a", QUICK_RETRY);

        CompletableFuture<Void> bus = CompletableFuture.runAsync(() -> IntStream.range(0, 1000)
                .forEach(i -> export.export(span(String.format("c%015x", i), null, Span.Kind.DELIVER, false, Span.OK))));
        await().atMost(Duration.ofSeconds(10)).until(bus::isDone);

        await().atMost(Duration.ofSeconds(20)).until(() -> export.failed() + export.dropped() + export.exported() >= 1000 - 5
                && export.failed() > 0);
        assertThat(export.exported()).isZero();
        assertThat(export.dropped()).isPositive();
        assertThat(warnings()).hasSize(1).first().asString().contains("127.0.0.1:" + closedPort);
    }

    @Test
    void failuresAreLoggedOncePerEpisodeAndNeverWithTheHeaders() {
        export = new OtlpExport(OtlpSettings.of(TestConfig.endpoint(receiver.endpoint()).batch(1, 0)
                .headers("api-key=s3cret")), "node-a", QUICK_RETRY);
        receiver.answer(503);
        export.export(span("d000000000000001", null, Span.Kind.PUBLISH, false, Span.OK));
        export.export(span("d000000000000002", null, Span.Kind.PUBLISH, false, Span.OK));
        export.export(span("d000000000000003", null, Span.Kind.PUBLISH, false, Span.OK));
        await().atMost(Duration.ofSeconds(10)).until(() -> export.failed() == 3);
        assertThat(warnings()).hasSize(1).first().asString().contains("HTTP 503");

        receiver.answer(200);
        export.export(span("d000000000000004", null, Span.Kind.PUBLISH, false, Span.OK));
        await().atMost(Duration.ofSeconds(10)).until(() -> export.exported() == 1);
        assertThat(logged).filteredOn(r -> r.getLevel() == Level.INFO).map(OtlpExportTest::message)
                .anySatisfy(m -> assertThat(m).contains("again").contains("3 spans failed"));

        receiver.answer(503);
        export.export(span("d000000000000005", null, Span.Kind.PUBLISH, false, Span.OK));
        await().atMost(Duration.ofSeconds(10)).until(() -> export.failed() == 4);
        assertThat(warnings()).hasSize(2);
        assertThat(logged).map(OtlpExportTest::message).noneMatch(m -> m.contains("s3cret"));
    }

    @Test
    void whatIsQueuedAtAStopIsSentBeforeTheExporterCloses() {
        export = new OtlpExport(OtlpSettings.of(TestConfig.endpoint(receiver.endpoint()).batch(100, 60_000)), "node-a");
        export.export(span("e000000000000001", null, Span.Kind.PUBLISH, false, Span.OK));
        export.export(span("e000000000000002", null, Span.Kind.PUBLISH, false, Span.OK));

        export.deactivate();

        assertThat(receiver.spans()).hasSize(2);
        assertThat(export.exported()).isEqualTo(2);
        export = null;
    }

    @Test
    void aConfiguredExporterStartsItsThreadAndHttpClientWithTheFirstSpanOnly() {
        export = new OtlpExport(OtlpSettings.of(TestConfig.endpoint(receiver.endpoint()).batch(1, 0)), "node-a");
        assertThat(exportThreads()).as("before any span").isZero();

        export.export(span("f000000000000001", null, Span.Kind.PUBLISH, false, Span.OK));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 1);
        assertThat(exportThreads()).isEqualTo(1);
    }

    @Test
    void anExporterThatNeverGotASpanStopsAtOnce() {
        export = new OtlpExport(OtlpSettings.of(TestConfig.endpoint(receiver.endpoint())), "node-a");
        export.deactivate();
        export = null;

        assertThat(exportThreads()).isZero();
        assertThat(receiver.arrived()).isZero();
    }

    private static long exportThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("cairn-trace-otlp") && t.isAlive()).count();
    }

    private List<String> warnings() {
        return logged.stream().filter(r -> r.getLevel() == Level.WARNING).map(OtlpExportTest::message).toList();
    }

    private static String message(LogRecord r) {
        return new java.util.logging.SimpleFormatter().formatMessage(r);
    }

    static Span span(String id, String parent, Span.Kind kind, boolean remote, String outcome) {
        return new Span(TRACE, id, parent, kind, "shop/payments/charge", "dev.cairn.examples.orders",
                "dev.cairn.examples.payments", "node-a", remote, 1_700_000_000_000_001L, 3_000_000L, outcome);
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    private static Map<String, Double> metrics(OtlpExport export) {
        Map<String, Double> out = new TreeMap<>();
        export.collect(new MetricWriter() {
            @Override public void counter(String name, String help, double value, String... labels) { out.put(name, value); }
            @Override public void gauge(String name, String help, double value, String... labels) { out.put(name, value); }
        });
        return out;
    }
}
