package dev.cairn.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.SpanExporter;
import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The OTLP exporter as a node runs it: its embedded OpenTelemetry SDK resolves and loads inside Felix, and a span
 * handed to its SpanExporter service reaches an OTLP/HTTP endpoint. (What the request holds, field by field, is
 * checked by the bundle's own tests against OpenTelemetry's protobuf classes.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TraceOtlpIT {
    static final String PID = "dev.cairn.trace.otlp";
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configAdmin;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return CairnNode.withBundles(CairnNode.bundleFile("trace.otlp"));
    }

    @Test
    public void unconfiguredItRunsNothingAndConfiguredItSendsSpansToTheCollector() throws Exception {
        Bundle otlp = bundle("dev.cairn.trace.otlp");
        assertEquals("resolved and started", Bundle.ACTIVE, otlp.getState());
        assertNull("no exporter without configuration", context.getServiceReference(SpanExporter.class));
        assertTrue("no thread without configuration", Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("cairn-trace-otlp")));

        try (Collector collector = new Collector()) {
            Configuration config = configAdmin.getConfiguration(PID, "?");
            config.update(new Hashtable<>(Map.of("endpoint", collector.endpoint(), "batch.delay.ms", 0,
                    ".headers", "api-key=s3cret")));
            ServiceReference<?> ref = Await.service(context, "(objectClass=" + SpanExporter.class.getName() + ")");
            assertNull("the headers stay private", ref.getProperty(".headers"));
            SpanExporter exporter = (SpanExporter) context.getService(ref);
            assertTrue("no thread before the first span", Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("cairn-trace-otlp")));

            exporter.export(new Span(TRACE, SPAN, null, Span.Kind.PUBLISH, "pings/it", "it", null, "it-node", false,
                    System.currentTimeMillis() * 1000, 1_000_000, Span.OK));

            byte[] body = collector.requests.poll(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue("a request within " + Await.TIMEOUT, body != null);
            assertTrue("the trace id", contains(body, HexFormat.of().parseHex(TRACE)));
            assertTrue("the span id", contains(body, HexFormat.of().parseHex(SPAN)));
            assertTrue("the topic", contains(body, "pings/it".getBytes(StandardCharsets.UTF_8)));
            assertEquals("s3cret", collector.headers.get("api-key"));

            // one worker sends batch after batch: when the second request arrives, the first one's answer is counted
            exporter.export(new Span(TRACE, "00f067aa0ba902b8", SPAN, Span.Kind.DELIVER, "pings/it", "it", "it", "it-node",
                    false, System.currentTimeMillis() * 1000, 1_000_000, Span.OK));
            assertTrue("a second request", collector.requests.poll(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS) != null);
            MetricSource metrics = (MetricSource) context.getService(
                    Await.service(context, "(&(objectClass=" + MetricSource.class.getName() + ")(component.name=" + PID + "))"));
            assertTrue("counted in /metrics: " + metrics(metrics), metrics(metrics).get("cairn_trace_otlp_exported_total") >= 1);
            config.delete();
        }
    }

    private static Map<String, Double> metrics(MetricSource source) {
        Map<String, Double> values = new ConcurrentHashMap<>();
        source.collect(new MetricWriter() {
            @Override public void counter(String name, String help, double value, String... labels) { values.put(name, value); }
            @Override public void gauge(String name, String help, double value, String... labels) { values.put(name, value); }
        });
        return values;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) return b;
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    /**
     * An OTLP/HTTP endpoint on 127.0.0.1 reduced to what this test needs: it reads each request's body (by its
     * Content-Length) and answers 200 with an empty body. Plain sockets: the probe sees no HTTP server packages.
     */
    static final class Collector implements AutoCloseable {
        final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
        final Map<String, String> headers = new ConcurrentHashMap<>();
        private final ServerSocket server;
        private final Thread acceptor;

        Collector() throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::serve, "it-collector");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/v1/traces";
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (true) {
                        String head = readHead(in);
                        if (head == null) break;
                        int length = 0;
                        for (String line : head.split("\r\n")) {
                            int colon = line.indexOf(':');
                            if (colon <= 0) continue;
                            String name = line.substring(0, colon).trim().toLowerCase();
                            String value = line.substring(colon + 1).trim();
                            headers.put(name, value);
                            if (name.equals("content-length")) length = Integer.parseInt(value);
                        }
                        requests.add(in.readNBytes(length));
                        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    // closed, or the client went away: take the next connection
                }
            }
        }

        /** The request line and headers, or null at the end of the connection. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) return head.toString(StandardCharsets.US_ASCII);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
