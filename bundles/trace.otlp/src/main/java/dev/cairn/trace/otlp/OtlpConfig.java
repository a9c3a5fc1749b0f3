package dev.cairn.trace.otlp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration {@value OtlpExport#PID}. Property keys follow the method names with {@code _} read as {@code .}.
 * The headers start with a dot ({@code .headers}): they often carry an API key, and a property named so stays
 * private to the component instead of becoming a service property anyone could read.
 */
@ObjectClassDefinition(name = "Cairn trace export over OTLP",
        description = "Sends the bus's spans to an OpenTelemetry collector over OTLP/HTTP (protobuf).")
@interface OtlpConfig {

    @AttributeDefinition(description = "The collector's OTLP/HTTP traces URL (http:// or https://); a URL without"
            + " a path gets /v1/traces.")
    String endpoint() default "http://127.0.0.1:4318/v1/traces";

    /** Key {@code .headers}: {@code name=value} pairs, commas between, as OTEL_EXPORTER_OTLP_HEADERS has them. */
    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "HTTP headers sent with every export, e.g. api-key=SECRET,tenant=edge; never logged.")
    String _headers() default "";

    @AttributeDefinition(description = "How long one export may take before it counts as failed (milliseconds).")
    int timeout_ms() default 10_000;

    @AttributeDefinition(description = "Spans waiting to be sent at most; past that, new spans are dropped and counted.")
    int queue_max_spans() default 2048;

    @AttributeDefinition(description = "Spans sent in one request at most.")
    int batch_max_spans() default 512;

    @AttributeDefinition(description = "How long a span may wait for its batch to fill before it is sent (milliseconds).")
    int batch_delay_ms() default 5000;

    @AttributeDefinition(description = "The resource's service.name, by which the collector groups this fleet's spans.")
    String service_name() default "cairn";
}
