package dev.cairn.mqtt;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration {@value MqttTransport#PID}. Property keys follow the method names with {@code _} read as
 * {@code .}: {@code broker_urls()} is {@code broker.urls}. Passwords start with a dot ({@code .password},
 * {@code .tls.keystore.password}): properties named so stay private to the component and never become
 * service properties, where anyone could read them. The client id is the node id (framework property
 * {@code cairn.node.id}), not a setting here, so that presence, replies and the broker session all agree.
 */
@ObjectClassDefinition(name = "Cairn MQTT transport",
        description = "Carries the bus between nodes over an MQTT 5 broker: events, requests, presence.")
@interface MqttConfig {

    @AttributeDefinition(description = "Broker URLs (tcp:// or ssl://), tried in turn; commas or blanks also separate them.")
    String[] broker_urls() default {"tcp://127.0.0.1:1883"};

    @AttributeDefinition(description = "User name for the broker; empty for none.")
    String username() default "";

    /** Key {@code .password}: the leading dot keeps it out of the service properties (private, by the OSGi convention). */
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password for the broker; never logged.")
    String _password() default "";

    @AttributeDefinition(description = "A file holding the password (its first line), readable by the node's user only,"
            + " as cairnctl enroll writes it; relative to the node's home. Instead of .password.")
    String password_file() default "";   // property key: password.file

    @AttributeDefinition(description = "Trust store (path) for ssl:// brokers; empty: the JDK's default trust.")
    String tls_truststore_path() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD)
    String _tls_truststore_password() default "";

    String tls_truststore_type() default "PKCS12";

    @AttributeDefinition(description = "Key store (path) holding this node's client certificate; empty: none.")
    String tls_keystore_path() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD)
    String _tls_keystore_password() default "";

    String tls_keystore_type() default "PKCS12";

    @AttributeDefinition(description = "MQTT keep-alive in seconds (0 turns it off).", min = "0", max = "65535")
    int keepalive_seconds() default 30;

    @AttributeDefinition(description = "How long the broker keeps this node's session (subscriptions, queued messages) while it is away, in seconds.", min = "0")
    long session_expiry_seconds() default 3600;

    @AttributeDefinition(description = "First level of every topic: one level, no wildcards; also the shared-subscription group.")
    String fleet_prefix() default "cairn";

    @AttributeDefinition(description = "QoS of events: 1 (kept on disk until the broker has them) or 0 (sent only while connected).", min = "0", max = "1")
    int events_qos() default 1;

    @AttributeDefinition(description = "Time-out of a request when the caller gives none, in milliseconds.", min = "1")
    long request_timeout_ms() default 5000;

    @AttributeDefinition(description = "Largest payload sent or accepted, in bytes; larger ones are refused or dropped and counted.", min = "1")
    int payload_max_bytes() default 256 * 1024;

    @AttributeDefinition(description = "Events waiting for the broker, at most.", min = "1")
    int outbox_max_messages() default 100_000;

    @AttributeDefinition(description = "Bytes of events waiting for the broker, at most.", min = "1")
    long outbox_max_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(description = "What a full outbox does with a new event.")
    OutboxFull outbox_full() default OutboxFull.DROP_OLDEST;

    @AttributeDefinition(description = "Events already acknowledged by the broker that are sent again when it comes back without this node's session (it may have lost them before passing them on); 0 turns this off.", min = "0")
    int replay_messages() default 10_000;

    @AttributeDefinition(description = "After the broker lost this node's session, how long an event nobody subscribes to yet is retried, in milliseconds, so that nodes that reconnect later still get it in order; 0 turns this off.", min = "0")
    long resume_hold_ms() default 10_000;

    @AttributeDefinition(description = "First reconnect delay in milliseconds; it doubles up to reconnect.max.ms, with jitter.", min = "1")
    long reconnect_initial_ms() default 250;

    @AttributeDefinition(description = "Longest reconnect delay in milliseconds.", min = "1")
    long reconnect_max_ms() default 30_000;

    @AttributeDefinition(description = "Check that every payload sent reads back from its JSON as an equal object of its type,"
            + " and refuse (MALFORMED_PAYLOAD, logged once per type and topic) one that does not. Costs a decode per message:"
            + " for tests (the SPLIT placement of @CairnTest turns it on), not for production.")
    boolean payload_check() default false;   // property key: payload.check
}
