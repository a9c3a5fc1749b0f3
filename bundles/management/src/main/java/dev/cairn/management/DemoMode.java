package dev.cairn.management;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First run made easy, safely: in demo mode the node also trusts the key {@code cairnctl keys init}
 * made for the user it runs as — but only while everything that could carry requests to it stays on
 * this machine (the MQTT broker it uses, and the embedded broker if any, on loopback).
 */
final class DemoMode {
    private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);

    private DemoMode() {}

    static Optional<Path> localKey(ConfigurationAdmin admin) {
        List<String> hosts = new ArrayList<>();
        try {
            for (String url : values(admin, "dev.cairn.mqtt", "broker.urls", "tcp://127.0.0.1:1883")) {
                for (String one : url.split("[,\\s]+")) if (!one.isBlank()) hosts.add(URI.create(one.trim()).getHost());
            }
            hosts.addAll(values(admin, "dev.cairn.broker", "host", "127.0.0.1"));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("demo mode is off: cannot tell where the broker is ({})", e.toString());
            return Optional.empty();
        }
        Optional<String> remote = hosts.stream().filter(h -> !isLoopback(h)).findFirst();
        if (remote.isPresent()) {
            LOG.warn("demo mode is off: {} is not a loopback address; trust keys through conf/trusted-keys/", remote.get());
            return Optional.empty();
        }
        String home = System.getenv("CAIRN_CTL_HOME");
        Path key = home != null && !home.isBlank() ? Path.of(home, "cairnctl.pub") : Path.of(System.getProperty("user.home"), ".cairn", "cairnctl.pub");
        LOG.info("demo mode: also trusting the local cairnctl key {} (brokers on loopback only)", key);
        return Optional.of(key);
    }

    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]"));
    }

    private static List<String> values(ConfigurationAdmin admin, String pid, String key, String absent) throws IOException {
        Configuration[] found;
        try {
            found = admin.listConfigurations("(service.pid=" + pid + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (found == null) return pid.equals("dev.cairn.mqtt") ? List.of(absent) : List.of();
        Dictionary<String, Object> p = found[0].getProperties();
        Object v = p == null ? null : p.get(key);
        if (v == null) return List.of(absent);
        if (v instanceof String[] a) return List.of(a);
        if (v instanceof Iterable<?> it) {
            List<String> out = new ArrayList<>();
            it.forEach(x -> out.add(String.valueOf(x)));
            return out;
        }
        return List.of(String.valueOf(v));
    }
}
