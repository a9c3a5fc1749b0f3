package dev.cairn.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of the built distribution, tracing on and the OTLP exporter configured, sends a shop order's spans to an
 * OTLP/HTTP endpoint in this test (the JDK's HttpServer on 127.0.0.1), decoded with OpenTelemetry's protobuf classes.
 */
class OtlpExportIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples", "target/examples"));
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private HttpServer collector;
    private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private NodeProcess node;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", this::receive);
        collector.start();
    }

    @AfterEach
    void stop() {
        if (node != null) node.close();
        collector.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            apiKeys.add(exchange.getRequestHeaders().getFirst("api-key"));
            requests.add(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Test
    void aShopOrdersSpansReachTheCollectorAsOneTreeWithTheNodesResource() throws Exception {
        node = NodeProcess.install(tmp.resolve("shop")).env("CAIRN_NODE_ID", "shop-node");
        node.conf("dev.cairn.bus.trace.json", "{ \"enabled\": true }");
        node.conf("dev.cairn.trace.otlp.cfg", "endpoint = http://127.0.0.1:" + collector.getAddress().getPort() + "\n"
                + ".headers = api-key=s3cret-key\nbatch.delay.ms = 100\nservice.name = shop\n");
        node.start();
        node.drop(EXAMPLES.resolve("shop-api.jar"));
        node.drop(EXAMPLES.resolve("payments.jar"));
        node.write("dev.cairn.examples.orders.cfg", "demo.orders = 3\ninterval.ms = 20\n");
        node.drop(EXAMPLES.resolve("orders.jar"));

        // orders may ask before payments serves (NO_HANDLER) and asks again: wait for answered ones
        await().atMost(LONG).until(() -> spans().stream().filter(OtlpExportIT::answeredAuthorization).count() >= 3
                && spans().stream().filter(s -> s.getName().equals("PUBLISH payments/done")).count() >= 3);

        Map<String, Span> byId = spans().stream().collect(Collectors.toMap(s -> hex(s.getSpanId().toByteArray()), s -> s, (a, b) -> a));
        Span request = spans().stream().filter(OtlpExportIT::answeredAuthorization).findFirst().orElseThrow();
        Span serve = spans().stream().filter(s -> s.getParentSpanId().equals(request.getSpanId())
                && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow(() -> new AssertionError("no serve below " + request));
        Span publish = spans().stream().filter(s -> s.getParentSpanId().equals(serve.getSpanId())
                && s.getKind() == Span.SpanKind.SPAN_KIND_PRODUCER).findFirst().orElseThrow(() -> new AssertionError("no publish below " + serve));

        assertThat(request.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(List.of(serve.getTraceId(), publish.getTraceId())).containsOnly(request.getTraceId());
        assertThat(request.getTraceId().size()).isEqualTo(16);
        assertThat(byId).containsKey(hex(serve.getParentSpanId().toByteArray()));
        assertThat(attributes(request.getAttributesList())).containsEntry("cairn.caller", "dev.cairn.examples.orders")
                .containsEntry("cairn.callee", "dev.cairn.examples.payments").containsEntry("cairn.node", "shop-node")
                .containsEntry("cairn.placement", "local").containsEntry("messaging.destination.name", "payments/authorize");
        assertThat(publish.getName()).isEqualTo("PUBLISH payments/done");
        assertThat(request.getEndTimeUnixNano()).isGreaterThan(request.getStartTimeUnixNano());

        assertThat(spans()).filteredOn(s -> !"OK".equals(attributes(s.getAttributesList()).get("cairn.outcome")))
                .allSatisfy(s -> assertThat(s.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR));
        assertThat(request.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

        ResourceSpans first = requests.get(0).getResourceSpans(0);
        assertThat(attributes(first.getResource().getAttributesList())).containsEntry("service.name", "shop")
                .containsEntry("service.instance.id", "shop-node");
        assertThat(apiKeys).containsOnly("s3cret-key");
        assertThat(node.output()).contains("Exporting spans to").doesNotContain("s3cret-key");
    }

    private static boolean answeredAuthorization(Span s) {
        return s.getName().equals("REQUEST payments/authorize") && "OK".equals(attributes(s.getAttributesList()).get("cairn.outcome"));
    }

    private List<Span> spans() {
        return requests.stream().flatMap(r -> r.getResourceSpansList().stream())
                .flatMap(rs -> rs.getScopeSpansList().stream()).map(ScopeSpans::getSpansList)
                .flatMap(List::stream).toList();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
    }
}
