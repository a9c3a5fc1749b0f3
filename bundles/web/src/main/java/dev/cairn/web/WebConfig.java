package dev.cairn.web;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration {@code dev.cairn.web} ({@code conf/dev.cairn.web.cfg}). Without it the node serves no HTTP:
 * the Jetty bundle stays idle (no thread, no socket).
 */
@ObjectClassDefinition(name = "Cairn web", description = "The node's HTTP server, health and metrics endpoints and dashboard.")
public @interface WebConfig {
    @AttributeDefinition(name = "HTTP on", description = "false: no HTTP server, whatever else is configured.")
    boolean http_enabled() default true;   // http.enabled

    @AttributeDefinition(name = "Address", description = "The address to listen on; 127.0.0.1 (loopback) unless another is given. 0.0.0.0: every interface.")
    String http_host() default "127.0.0.1";   // http.host

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int http_port() default 8080;   // http.port

    /** Key {@code .admin.password}: the leading dot keeps it out of the service properties. */
    @AttributeDefinition(name = "Admin password", type = AttributeType.PASSWORD,
            description = "The dashboard's password; at least 8 characters. Empty: nobody can log in (except in demo mode on loopback).")
    String _admin_password() default "";   // .admin.password

    @AttributeDefinition(name = "Demo mode", description = "true and bound to loopback: with no password configured, the documented demo password '"
            + Auth.DEMO_PASSWORD + "' is accepted.")
    boolean demo() default false;

    @AttributeDefinition(name = "Session length", description = "Minutes a dashboard login lasts.", min = "1")
    int session_minutes() default 60;   // session.minutes
}
