package dev.cairn.observe.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn health and metrics", description = "How the node's metrics are gathered.")
@interface ObserveConfig {
    @AttributeDefinition(name = "Bus topics in metrics", min = "0",
            description = "At most this many bus topics get series of their own (the busiest); the rest are summed under topic=\"_other\".")
    int metrics_bus_topics_max() default 100;   // metrics.bus.topics.max
}
