package dev.cairn.ctl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's retained presence ({@code <fleet>/node/<node>/status}): online with its version, labels,
 * served topics and bundles; or offline with a reason ("connection lost", "stopped").
 *
 * @param bundles as announced: {@code {name, version, state}} each
 */
public record NodeStatus(String node, String status, String version, Map<String, String> labels, String since,
                         List<String> handles, List<Map<String, Object>> bundles, String reason) {

    public NodeStatus {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        handles = handles == null ? List.of() : List.copyOf(handles);
        bundles = bundles == null ? List.of() : List.copyOf(bundles);
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
