package dev.cairn.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's retained presence ({@code <fleet>/node/<node>/status}): online with its version, labels,
 * served topics and bundles; or offline with a reason ("connection lost", "stopped").
 *
 * @param bundles as announced: {@code {name, version, state}} each, and {@code grants} ({@code {publish: [...], ...}}) where the node says
 */
public record NodeStatus(String node, String status, String version, Map<String, String> labels, String since,
                         List<String> handles, List<Map<String, Object>> bundles, String reason) {

    public NodeStatus {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        handles = handles == null ? List.of() : List.copyOf(handles);
        bundles = bundles == null ? List.of() : List.copyOf(bundles);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The status retained on {@code topic} ({@code <fleet>/node/<node>/status}); null for an empty payload (a cleared
     * status); "unknown" with the reason for one that is not a status.
     */
    public static NodeStatus parse(String topic, byte[] payload) {
        if (payload == null || payload.length == 0) return null;
        String[] levels = topic.split("/");
        String fromTopic = levels.length >= 3 ? levels[levels.length - 2] : topic;
        try {
            Map<?, ?> m = JSON.readValue(payload, Map.class);
            Object node = m.get("node");
            return new NodeStatus(node == null ? fromTopic : String.valueOf(node), text(m.get("status")), text(m.get("version")),
                    labels(m.get("labels")), text(m.get("since")), strings(m.get("handles")), maps(m.get("bundles")),
                    text(m.get("reason")));
        } catch (IOException | RuntimeException e) {
            return new NodeStatus(fromTopic, "unknown", null, null, null, null, null, "unreadable status: " + e.getMessage());
        }
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : l) if (e instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        return out;
    }

    public boolean online() {
        return "online".equals(status);
    }

    /** Online, and every label of the selector has the same value here. */
    public boolean matches(Map<String, String> selector) {
        return online() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Labels as a node may announce them: a map, or a text {@code role=edge, site=north}. */
    static Map<String, String> labels(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        } else if (value instanceof String text) {
            labels.putAll(parseSelector(text));
        }
        return labels;
    }

    /** {@code role=edge,site=north} (commas or blanks between pairs) as a map; a pair without '=' is refused. */
    public static Map<String, String> parseSelector(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text.trim().split("[,\\s]+")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("'" + pair + "' is not label=value");
            pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return pairs;
    }
}
