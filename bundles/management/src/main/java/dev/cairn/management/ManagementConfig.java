package dev.cairn.management;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn management", description = "Signed remote management of this node over the bus")
@interface ManagementConfig {
    String PID = "dev.cairn.management";

    @AttributeDefinition(description = "Folder of trusted Ed25519 public keys (*.pub); empty: <cairn home>/conf/trusted-keys")
    String trusted_keys_dir() default "";

    @AttributeDefinition(description = "How far a request's time stamp may be from this node's clock, in seconds", min = "1", max = "3600")
    int clock_skew_seconds() default 60;

    @AttributeDefinition(description = "Largest request text accepted, in bytes", min = "1024", max = "16777216")
    int request_max_bytes() default 262144;

    @AttributeDefinition(description = "Largest bundle accepted by a remote deploy, in bytes", min = "1024")
    long bundle_max_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(description = "Largest runtime tarball accepted by a remote upgrade (cairnctl upgrade), in bytes", min = "1024")
    long runtime_max_bytes() default 128L * 1024 * 1024;

    @AttributeDefinition(description = "How long a deployed bundle has to become ACTIVE before it is rolled back, in ms", min = "500", max = "600000")
    long deploy_timeout_ms() default 15000;

    @AttributeDefinition(description = "Log lines a second published to each follower of this node's log (cairnctl logs -f); more are dropped and counted", min = "1", max = "100000")
    int log_follow_lines_per_second() default 200;

    @AttributeDefinition(description = "Log lines a follower may receive at once above that rate", min = "1", max = "100000")
    int log_follow_burst() default 500;

    @AttributeDefinition(description = "Demo mode: also trust the local cairnctl key (~/.cairn/cairnctl.pub), only while the MQTT broker is on loopback")
    boolean demo() default false;
}
