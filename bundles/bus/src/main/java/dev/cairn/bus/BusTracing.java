package dev.cairn.bus;

import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.SpanExporter;
import dev.cairn.bus.trace.Traces;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracing's switch and memory: configuration {@value #PID} turns it on, and the node's last traces stay here,
 * for {@code cairnctl trace}. The bus asks {@link #tracer()} at every call: null while tracing is off.
 */
@Component(service = {Traces.class, BusTracing.class}, configurationPid = BusTracing.PID)
@Designate(ocd = TraceConfig.class)
public final class BusTracing implements Traces {
    static final String PID = "dev.cairn.bus.trace";
    private static final Logger LOG = LoggerFactory.getLogger(BusTracing.class);

    private final List<SpanExporter> exporters = new CopyOnWriteArrayList<>();
    private final String node;
    private volatile Tracer tracer;
    private volatile SpanRing ring = new SpanRing(1, 1);

    @Activate
    public BusTracing(BundleContext context, TraceConfig config) {
        this(context.getProperty("cairn.node.id"));
        configure(config);
    }

    BusTracing(String node) {
        this.node = node == null || node.isBlank() ? "local" : node;
    }

    @Modified
    void configure(TraceConfig config) {
        if (!(config.sample_ratio() >= 0 && config.sample_ratio() <= 1))
            throw new IllegalArgumentException("sample.ratio must be from 0 to 1, not " + config.sample_ratio());
        if (config.keep_traces() < 1) throw new IllegalArgumentException("keep.traces must be at least 1, not " + config.keep_traces());
        if (config.keep_spans_per_trace() < 1)
            throw new IllegalArgumentException("keep.spans.per.trace must be at least 1, not " + config.keep_spans_per_trace());
        if (!config.enabled()) {
            if (tracer != null) LOG.info("bus tracing is off");
            tracer = null;
            return;
        }
        SpanRing r = new SpanRing(config.keep_traces(), config.keep_spans_per_trace());
        ring = r;
        tracer = new Tracer(node, config.sample_ratio(), r, exporters, Clock.systemUTC());
        LOG.info("bus tracing is on: {} of new traces sampled, the last {} kept", config.sample_ratio(), config.keep_traces());
    }

    /** The tracer while tracing is on, else null. */
    Tracer tracer() {
        return tracer;
    }

    @Override
    public boolean enabled() {
        return tracer != null;
    }

    @Override
    public List<Span> trace(String traceId) {
        return ring.trace(traceId);
    }

    @Override
    public List<Span> recent(int limit) {
        return ring.recent(limit);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addExporter(SpanExporter e) {
        exporters.add(e);
    }

    void removeExporter(SpanExporter e) {
        exporters.remove(e);
    }
}
