package dev.cairn.trace.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OTLP/HTTP collector on 127.0.0.1: decodes each request with OpenTelemetry's own protobuf classes and
 * keeps it. It can answer with another status, or hold requests until released.
 */
final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    void answer(int httpStatus) {
        status.set(httpStatus);
    }

    /** Requests from now on wait, without an answer, until {@link #release()}. */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    /** Requests that reached the handler, answered or not. */
    int arrived() {
        return arrived.get();
    }

    /** Every span of the requests answered 200, in the order they came. */
    List<io.opentelemetry.proto.trace.v1.Span> spans() {
        List<io.opentelemetry.proto.trace.v1.Span> out = new ArrayList<>();
        for (ExportTraceServiceRequest r : requests) {
            for (ResourceSpans rs : r.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) out.addAll(ss.getSpansList());
            }
        }
        return out;
    }

    List<ExportTraceServiceRequest> requests() {
        return requests;
    }

    String header(String name) {
        return lastHeaders.get(name.toLowerCase());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            arrived.incrementAndGet();
            if (!hold.await(60, TimeUnit.SECONDS)) return;
            exchange.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), String.join(",", v)));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int code = status.get();
            if (code == 200) {
                if (!"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) code = 415;
                else requests.add(ExportTraceServiceRequest.parseFrom(body));
            }
            byte[] answer = code == 200 ? ExportTraceServiceResponse.getDefaultInstance().toByteArray() : new byte[0];
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
