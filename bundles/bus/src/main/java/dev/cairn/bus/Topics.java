package dev.cairn.bus;

import dev.cairn.bus.access.TopicFilters;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;

/** The rules of topics and filters (MQTT's, so that a topic maps onto MQTT one to one). */
final class Topics {
    private Topics() {
    }

    static String[] topic(String topic) {
        String[] levels = levels(topic, "topic");
        for (String level : levels) {
            if (level.contains("+") || level.contains("#")) throw invalid("topic", topic, "wildcards are for filters only");
        }
        return levels;
    }

    static String[] filter(String filter) {
        String[] levels = levels(filter, "filter");
        String problem = TopicFilters.problem(filter);   // the wildcard rules, as grants are held to them
        if (problem != null) throw invalid("filter", filter, problem);
        return levels;
    }

    private static String[] levels(String s, String what) {
        if (s == null || s.isEmpty()) throw invalid(what, s, "it is empty");
        if (s.startsWith("$")) throw invalid(what, s, "names starting with '$' are the broker's");
        if (s.indexOf('\0') >= 0) throw invalid(what, s, "it contains NUL");
        String[] levels = s.split("/", -1);
        for (String level : levels) {
            if (level.isEmpty()) throw invalid(what, s, "a level is empty");
        }
        return levels;
    }

    private static BusException invalid(String what, String s, String why) {
        return new BusException(Reason.INVALID_TOPIC, "invalid " + what + " '" + s + "': " + why);
    }
}
