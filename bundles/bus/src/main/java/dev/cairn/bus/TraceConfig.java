package dev.cairn.bus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn bus tracing", description = "Traces through the bus: a span per publish, delivery,"
        + " request and serve, kept on the node and handed to span exporters (OTLP). Off, it costs one field read per call.")
@interface TraceConfig {
    @AttributeDefinition(name = "Enabled", description = "Record spans on this node. Turn it on on every node a traced call crosses.")
    boolean enabled() default false;

    @AttributeDefinition(name = "Sample ratio", description = "The share of new traces recorded, from 0 to 1; a trace"
            + " begun elsewhere follows the sampling decision it carries.", min = "0", max = "1")
    double sample_ratio() default 1.0;   // sample.ratio

    @AttributeDefinition(name = "Traces kept", description = "How many of the last traces the node keeps for cairnctl trace.", min = "1", max = "100000")
    int keep_traces() default 500;   // keep.traces

    @AttributeDefinition(name = "Spans kept per trace", description = "Later spans of a trace are not kept.", min = "1", max = "100000")
    int keep_spans_per_trace() default 200;   // keep.spans.per.trace
}
