package dev.cairn.test;

/** Bus topics and filters as the bus defines them (levels split by '/', MQTT wildcards in filters only). */
final class Topics {
    private Topics() {
    }

    static void check(String topic, boolean filter) {
        if (topic == null || topic.isEmpty()) throw new IllegalArgumentException("CairnBus: a topic must not be empty");
        String[] levels = topic.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            boolean wildcard = l.equals("+") || (l.equals("#") && i == levels.length - 1);
            if (l.isEmpty() || l.indexOf('\0') >= 0 || ((l.contains("+") || l.contains("#")) && !(filter && wildcard))) {
                throw new IllegalArgumentException("CairnBus: '" + topic + "' is not a valid " + (filter ? "filter" : "topic")
                        + ": level " + (i + 1) + " ('" + l + "')");
            }
        }
    }
}
