package dev.cairn.bus.access;

/**
 * MQTT topic filters: {@code +} is one whole level, {@code #} the last level and everything below it. No
 * second wildcard language anywhere: grants, the bus and the broker's rules all use these.
 */
public final class TopicFilters {
    private TopicFilters() {
    }

    /** Null when {@code filter} is a well-formed filter, else why not. */
    public static String problem(String filter) {
        if (filter == null || filter.isEmpty()) return "it is empty";
        if (filter.indexOf('\0') >= 0) return "it contains NUL";
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || level.equals("#");
            if (!wildcard && (level.contains("+") || level.contains("#"))) return "a wildcard must be a whole level";
            if (level.equals("#") && i != levels.length - 1) return "'#' must be the last level";
        }
        return null;
    }

    /**
     * True when every topic that {@code inner} matches is matched by {@code outer}; for a topic (no wildcards)
     * that is plain matching. {@code sensors/#} covers {@code sensors/+/t}; {@code sensors/+} does not cover
     * {@code sensors/#}. As in MQTT, a filter starting with a wildcard does not reach topics starting with '$'.
     */
    public static boolean covers(String outer, String inner) {
        if (inner.startsWith("$") && (outer.startsWith("+") || outer.startsWith("#"))) return false;
        String[] o = outer.split("/", -1);
        String[] in = inner.split("/", -1);
        for (int k = 0; k < o.length; k++) {
            if (o[k].equals("#")) return true;                    // also "a/#" over "a": MQTT's rule
            if (k >= in.length || in[k].equals("#")) return false;
            if (!o[k].equals("+") && (in[k].equals("+") || !o[k].equals(in[k]))) return false;
        }
        return o.length == in.length;
    }
}
