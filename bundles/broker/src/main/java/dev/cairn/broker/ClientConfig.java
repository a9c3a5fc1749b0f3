package dev.cairn.broker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Factory configuration {@value BrokerClient#PID}: one MQTT client the broker lets in when its authentication is on.
 * The grants are bus-level MQTT topic filters, as a bundle's {@code @BusGrants} declare them; what they come to on
 * the broker's topics is {@link dev.cairn.bus.access.FleetAcl}'s to say.
 */
@ObjectClassDefinition(name = "Cairn MQTT broker client",
        description = "A client (a node, or an operator's cairnctl) that the embedded broker lets in, and what it may do.")
@interface ClientConfig {
    @AttributeDefinition(name = "Name", description = "The MQTT user name; for a node, its node id, which is also its"
            + " MQTT client id: 1-64 letters, digits, '.', '_' or '-'.")
    String name();

    @AttributeDefinition(name = "Role", description = "node: its own presence, replies and management requests, and"
            + " its grants. operator: management requests to any node, presence and replies.",
            options = {@Option(label = "node", value = "node"), @Option(label = "operator", value = "operator")})
    String role() default "node";

    @AttributeDefinition(name = "Password hash", type = AttributeType.PASSWORD, description = "The password as a salted"
            + " hash (pbkdf2-sha256$...), as cairnctl hash-password makes it; never the password itself.")
    String _password();   // property key: .password

    @AttributeDefinition(description = "Bus topics (filters) it may publish events on.", required = false)
    String[] publish() default {};

    @AttributeDefinition(description = "Bus topics (filters) it may subscribe to.", required = false)
    String[] subscribe() default {};

    @AttributeDefinition(description = "Bus topics (filters) whose requests it may serve.", required = false)
    String[] serve() default {};

    @AttributeDefinition(description = "Bus topics (filters) it may send requests to.", required = false)
    String[] call() default {};
}
