package dev.cairn.trace.otlp;

import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.SpanExporter;
import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every span the bus records to an OpenTelemetry collector over OTLP/HTTP. It exists only while its
 * configuration does: unconfigured, no thread runs and no class of OpenTelemetry is loaded.
 */
@Component(name = OtlpExport.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {SpanExporter.class, MetricSource.class}, immediate = true)
@Designate(ocd = OtlpConfig.class)
public final class OtlpExport implements SpanExporter, MetricSource {
    static final String PID = "dev.cairn.trace.otlp";
    private static final Logger LOG = LoggerFactory.getLogger(OtlpExport.class);

    private final BatchExport batches;

    @Activate
    public OtlpExport(OtlpConfig config, BundleContext context) {
        this(OtlpSettings.of(config), context.getProperty("cairn.node.id"));
    }

    OtlpExport(OtlpSettings settings, String nodeId) {
        this(settings, nodeId, RetryPolicy.getDefault());
    }

    /** {@code retry}: OpenTelemetry's own, which retries refused connections and 429/502/503/504 with backoff. */
    OtlpExport(OtlpSettings settings, String nodeId, RetryPolicy retry) {
        OtelLog.leaveFailuresToCairn();
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setComponentLoader(new JdkSenderLoader())
                .setTimeout(settings.timeout())
                .setRetryPolicy(retry);
        try {
            builder.setEndpoint(settings.endpoint().toString());
        } catch (IllegalArgumentException e) {   // what OpenTelemetry refuses beyond OtlpSettings' checks
            throw new ConfigException("endpoint", e.getMessage());
        }
        settings.headers().forEach(builder::addHeader);
        // built by the export's thread, with the first span: see BatchExport
        // each attempt may take the time-out, and the retries wait between attempts
        Duration bound = settings.timeout().plus(retry.getMaxBackoff()).multipliedBy(retry.getMaxAttempts());
        batches = new BatchExport(builder::build, new SpanConversion(SpanConversion.resource(settings.serviceName(), nodeId)),
                settings.queueMaxSpans(), settings.batchMaxSpans(), settings.batchDelay(), bound, settings.timeout(),
                settings.endpoint().toString());
        LOG.info("Exporting spans to {} as service {} (queue {} spans, batches of {} or every {} ms)", settings.endpoint(),
                settings.serviceName(), settings.queueMaxSpans(), settings.batchMaxSpans(), settings.batchDelay().toMillis());
    }

    /** On the bus's thread: queues and returns. */
    @Override
    public void export(Span span) {
        batches.offer(span);
    }

    @Override
    public void collect(MetricWriter out) {
        out.counter("cairn_trace_otlp_exported_total", "Spans the collector accepted.", batches.exported());
        out.counter("cairn_trace_otlp_dropped_total", "Spans dropped before sending: the queue was full (or their ids were not W3C hex).", batches.dropped());
        out.counter("cairn_trace_otlp_failed_total", "Spans whose export failed (collector down, refused, too slow).",
                batches.failed());
        out.gauge("cairn_trace_otlp_queued_spans", "Spans waiting to be sent.", batches.queued());
    }

    long exported() {
        return batches.exported();
    }

    long dropped() {
        return batches.dropped();
    }

    long failed() {
        return batches.failed();
    }

    @Deactivate
    void deactivate() {
        batches.close();
        LOG.info("Span export stopped: {} exported, {} dropped, {} failed", batches.exported(), batches.dropped(), batches.failed());
    }
}
