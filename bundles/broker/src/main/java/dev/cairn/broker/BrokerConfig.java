package dev.cairn.broker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn MQTT broker",
        description = "An embedded MQTT 5 broker (Apache ActiveMQ Artemis) for a node that has no broker to talk to."
                + " It runs only while this configuration exists.")
@interface BrokerConfig {
    @AttributeDefinition(name = "Host", description = "Address to listen on. The default, loopback, keeps the broker"
            + " to this device; any other address (0.0.0.0: all interfaces) exposes it to the network, where it asks"
            + " no password.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port; 1883 is MQTT's own.", min = "1", max = "65535")
    int port() default 1883;

    @AttributeDefinition(name = "Persistent", description = "false: messages, retained messages and sessions are kept"
            + " in memory and lost when the broker stops. true: they are kept in a journal in the bundle's data area"
            + " and survive a restart (each write waits for the disk).")
    boolean persistent() default false;

    @AttributeDefinition(name = "Largest message (KiB)", description = "Largest MQTT packet a client may send;"
            + " MQTT 5 clients learn it when they connect.", min = "1", max = "262143")
    int maxMessage_kb() default 1024;   // property key: maxMessage.kb

    @AttributeDefinition(name = "Memory for messages (MiB)", description = "Messages held in memory, all addresses"
            + " together; beyond it they are paged to the bundle's data area.", min = "1")
    int memory_mb() default 16;         // property key: memory.mb
}
