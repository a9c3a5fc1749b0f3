package dev.cairn.mqtt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Who this node is: the framework properties the launcher sets. The id is also the MQTT client id. */
record NodeIdentity(String id, String version, Map<String, String> labels) {
    static final String ID = "cairn.node.id";
    static final String VERSION = "cairn.version";
    static final String LABELS = "cairn.node.labels";

    NodeIdentity {
        // the launcher's rule; the id is one topic level of reply and presence topics
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new ConfigException(ID, "'" + id + "' is not a node id: letters, digits, '.', '_', '-', at most 64, starting with a letter or digit");
        }
        version = version == null || version.isBlank() ? "unknown" : version;
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    static NodeIdentity fromFramework(UnaryOperator<String> property) {
        return new NodeIdentity(property.apply(ID), property.apply(VERSION), labels(property.apply(LABELS)));
    }

    /** {@code zone=a,role=gw}; the launcher has validated it, so anything odd is skipped rather than fatal. */
    static Map<String, String> labels(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) return out;
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }
}
