package dev.cairn.bus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn bus", description = "The node's bus: what bundles may do on it.")
@interface BusConfig {
    @AttributeDefinition(name = "Enforce grants", description = "true: a bundle may publish, subscribe, serve and call"
            + " only what its @BusGrants declare; anything else is refused (NOT_GRANTED). false: what is not granted is"
            + " let through, but counted and logged as it would be refused — for moving bundles built without grants.")
    boolean grants_enforce() default true;   // property key: grants.enforce
}
