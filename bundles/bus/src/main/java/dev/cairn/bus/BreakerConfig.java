package dev.cairn.bus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn bus circuit breaker",
        description = "A circuit breaker on the requests a calling bundle sends to a topic: after too many failures or"
                + " time-outs it opens, and those requests fail at once with CIRCUIT_OPEN instead of waiting; after"
                + " open.ms it lets trial requests through, and a success closes it again.")
@interface BreakerConfig {
    @AttributeDefinition(name = "Name", description = "How the breaker is named in messages, /metrics and /health;"
            + " empty: the configuration's name (dev.cairn.bus.breaker-<name>.cfg).", required = false)
    String name() default "";

    @AttributeDefinition(name = "Caller", description = "The symbolic name of the calling bundle, or * for every bundle"
            + " of this node.")
    String caller() default "*";

    @AttributeDefinition(name = "Topic", description = "The topic called, or a filter (payments/#, payments/+/authorize).")
    String topic();

    @AttributeDefinition(name = "Failures", description = "How many failed requests open the breaker: in a row, or"
            + " within the last 'window' requests. Failures are time-outs, no handler, the handler failing, the transport"
            + " closed; refusals of the caller's own making (not granted, malformed, rate limited) do not count.",
            min = "1", max = "1000")
    int failures() default 5;

    @AttributeDefinition(name = "Window", description = "Open when 'failures' of the last this-many requests failed;"
            + " 0: 'failures' in a row.", min = "0", max = "1000", required = false)
    int window() default 0;

    @AttributeDefinition(name = "Open for", description = "Milliseconds the breaker stays open before it lets trial"
            + " requests through.", min = "1", max = "86400000")
    long open_ms() default 30_000;   // property key: open.ms

    @AttributeDefinition(name = "Trial requests", description = "How many requests a half-open breaker lets through to"
            + " decide: it closes unless they fail as often as would open it (with failures in a row: unless all fail).",
            min = "1", max = "100")
    int half_open_calls() default 1;   // property key: half.open.calls
}
