package dev.cairn.bus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn bus rate limit",
        description = "The most requests this node's handlers of a topic take, from this node and others alike: what is"
                + " over it fails at once with RATE_LIMITED. While it exists, it replaces the limits handlers declare.")
@interface RateLimitConfig {
    @AttributeDefinition(name = "Topic", description = "The topic served (no wildcards).")
    String topic();

    @AttributeDefinition(name = "Rate", description = "A count per unit: 100/s, 600/min, 10/h.")
    String rate();

    @AttributeDefinition(name = "Burst", description = "How many requests may come at once; 0: the rate's count.",
            min = "0", max = "1000000", required = false)
    int burst() default 0;
}
