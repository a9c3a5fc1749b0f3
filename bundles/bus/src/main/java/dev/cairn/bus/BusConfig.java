package dev.cairn.bus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn bus", description = "The node's bus: what bundles may do on it.")
@interface BusConfig {
    int CALLS_EDGES_MAX = 200;

    @AttributeDefinition(name = "Enforce grants", description = "true: a bundle may publish, subscribe, serve and call"
            + " only what its @BusGrants declare; anything else is refused (NOT_GRANTED). false: what is not granted is"
            + " let through, but counted and logged as it would be refused — for moving bundles built without grants.")
    boolean grants_enforce() default true;   // property key: grants.enforce

    @AttributeDefinition(name = "Call metrics", description = "Count requests per edge (caller, callee, topic, placement,"
            + " outcome) with a latency histogram, in /metrics: cairn_bus_calls_total, cairn_bus_call_seconds.")
    boolean calls_metrics() default true;   // calls.metrics

    @AttributeDefinition(name = "Call edges kept", description = "Edges counted apart; past this, new ones are summed under"
            + " topic=\"_other\", so topics that are data cannot grow /metrics without bound.", min = "0")
    int calls_edges_max() default CALLS_EDGES_MAX;   // calls.edges.max
}
