package dev.cairn.web;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns HTTP on and off. Felix HTTP (Jetty 12) runs with {@code org.apache.felix.http.require.config=true}
 * (set by {@code bin/cairn}), so it starts no server until configuration {@value #JETTY_PID} exists. This
 * component writes that configuration from {@code dev.cairn.web} — host 127.0.0.1 unless told otherwise —
 * and deletes it when HTTP is switched off or {@code dev.cairn.web} is removed. A {@value #JETTY_PID}
 * written by hand (without {@value #MANAGED}) is left alone.
 */
@Component(configurationPid = Pids.WEB, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = WebConfig.class)
public final class HttpSwitch {
    static final String JETTY_PID = "org.apache.felix.http";
    static final String MANAGED = "cairn.web.managed";
    private static final Logger LOG = LoggerFactory.getLogger(HttpSwitch.class);

    private final ConfigurationAdmin cm;

    @Activate
    public HttpSwitch(@Reference ConfigurationAdmin cm, WebConfig config, java.util.Map<String, Object> properties) throws IOException {
        this.cm = cm;
        apply(config, properties);
    }

    @Modified
    void modified(WebConfig config, java.util.Map<String, Object> properties) throws IOException {
        apply(config, properties);
    }

    /** Deleted configuration: HTTP off. A stopping node keeps it, so the next start serves at once. */
    @Deactivate
    void deactivate(int reason) throws IOException {
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) switchOff("dev.cairn.web was deleted");
    }

    private void apply(WebConfig config, java.util.Map<String, Object> properties) throws IOException {
        boolean configured = properties.containsKey(Constants.SERVICE_PID);
        if (!configured) {
            switchOff("no configuration dev.cairn.web");
            return;
        }
        if (!config.http_enabled()) {
            switchOff("http.enabled = false");
            return;
        }
        Dictionary<String, Object> jetty = jettyProperties(config);
        Configuration c = cm.getConfiguration(JETTY_PID, "?");
        Dictionary<String, Object> current = c.getProperties();
        if (current != null && current.get(MANAGED) == null) {
            LOG.warn("HTTP: configuration {} was written by hand; dev.cairn.web leaves it alone", JETTY_PID);
            return;
        }
        if (c.updateIfDifferent(jetty)) LOG.info("HTTP on: http://{}:{}/", config.http_host(), config.http_port());
    }

    static Dictionary<String, Object> jettyProperties(WebConfig config) {
        String host = config.http_host() == null || config.http_host().isBlank() ? "127.0.0.1" : config.http_host().trim();
        if (config.http_port() < 1 || config.http_port() > 65535) {
            throw new IllegalArgumentException("http.port must be between 1 and 65535, not " + config.http_port());
        }
        Dictionary<String, Object> d = new Hashtable<>();
        d.put(MANAGED, Boolean.TRUE);
        d.put("org.apache.felix.http.enable", Boolean.TRUE);
        d.put("org.apache.felix.https.enable", Boolean.FALSE);
        d.put("org.apache.felix.http.host", host);
        d.put("org.osgi.service.http.port", config.http_port());
        d.put("org.apache.felix.http.name", "cairn");
        d.put("org.apache.felix.http.jetty.sendServerHeader", Boolean.FALSE);
        d.put("org.apache.felix.http.mbeans", Boolean.FALSE);
        return d;
    }

    private void switchOff(String why) throws IOException {
        try {
            Configuration[] found = cm.listConfigurations("(" + Constants.SERVICE_PID + "=" + JETTY_PID + ")");
            if (found == null) return;
            for (Configuration c : found) {
                Dictionary<String, Object> p = c.getProperties();
                if (p != null && p.get(MANAGED) != null) {
                    c.delete();
                    LOG.info("HTTP off: {}", why);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
