package dev.cairn.broker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration {@value Broker#PID}. Keys follow the method names with {@code _} read as {@code .}; a leading
 * dot ({@code .tls.keystore.password}) keeps a secret out of the service properties.
 */
@ObjectClassDefinition(name = "Cairn MQTT broker",
        description = "An embedded MQTT 5 broker (Apache ActiveMQ Artemis) for a node that has no broker to talk to."
                + " It runs only while this configuration exists.")
@interface BrokerConfig {
    @AttributeDefinition(name = "Host", description = "Address to listen on. The default, loopback, keeps the broker"
            + " to this device; any other address (0.0.0.0: all interfaces) exposes it to the network, and is refused"
            + " unless authentication is on.")
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

    @AttributeDefinition(name = "Authentication", description = "true: only clients enrolled as configurations"
            + " dev.cairn.broker.client may connect, each with its password, and each may publish and subscribe only"
            + " what its role and grants allow. Required for any host beyond loopback.")
    boolean authentication() default false;

    @AttributeDefinition(name = "Fleet prefix", description = "First topic level of the fleet the clients' rights are"
            + " about, as the nodes' dev.cairn.mqtt fleet.prefix: one level, no wildcards.")
    String fleet_prefix() default "cairn";   // property key: fleet.prefix

    @AttributeDefinition(name = "TLS port", description = "A second listener, MQTT over TLS, on this port of the same"
            + " host; 0: none.", min = "0", max = "65535")
    int tls_port() default 0;

    @AttributeDefinition(name = "TLS key store", description = "Key store (path) holding the broker's private key and"
            + " certificate, for the TLS listener.")
    String tls_keystore_path() default "";

    @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD)
    String _tls_keystore_password() default "";   // property key: .tls.keystore.password

    @AttributeDefinition(name = "TLS key store type", description = "PKCS12 or JKS.")
    String tls_keystore_type() default "PKCS12";
}
