package dev.cairn.bus.access;

import java.util.ArrayList;
import java.util.List;

/**
 * What one MQTT client of a fleet may publish and subscribe to at the broker, as ordered rules over MQTT topic
 * filters: the first rule that covers a topic decides, and what no rule covers is refused. The embedded broker
 * checks these rules itself; cairnctl writes the same rules into Mosquitto's dynamic-security plugin.
 *
 * <p>A node ({@link #node}) may write only its own presence ({@code p/node/<id>/#}), receive only its own
 * replies ({@code p/reply/<id>}) and management requests ({@code p/svc/mgmt/<id>}), answer requests
 * ({@code p/reply/+}), and beyond that only what its bundles' {@link Grants} say, under {@code p/bus/} (events)
 * and {@code p/svc/} (requests); its log lines for a follower ({@code p/node/<id>/logs/<follower>}) fall under its
 * own topics, which no other node may read. An operator ({@link #operator}: cairnctl) may send management requests,
 * read presence, the nodes' log lines it asked for (cairnctl logs -f) and replies, and write the end marker of
 * presence ({@link #presenceEnd}); what it may do on a node is decided there, by the request's signature.
 */
public final class FleetAcl {
    public enum Access { PUBLISH, SUBSCRIBE }

    /** One rule: {@code allow} or deny {@code access} to what {@code filter} covers. */
    public record Rule(Access access, String filter, boolean allow) {
    }

    private final List<Rule> rules;

    private FleetAcl(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of node {@code node} in fleet {@code prefix} whose bundles together hold {@code grants}. */
    public static FleetAcl node(String prefix, String node, Grants grants) {
        List<Rule> r = new ArrayList<>();
        r.add(new Rule(Access.PUBLISH, prefix + "/node/" + node + "/#", true));
        r.add(new Rule(Access.SUBSCRIBE, prefix + "/reply/" + node, true));
        r.add(new Rule(Access.SUBSCRIBE, prefix + "/svc/mgmt/" + node, true));
        r.add(new Rule(Access.PUBLISH, prefix + "/reply/+", true));
        // Management is the platform's, whatever wide grant a bundle holds: no node serves or sends another's.
        r.add(new Rule(Access.SUBSCRIBE, prefix + "/svc/mgmt/#", false));
        r.add(new Rule(Access.PUBLISH, prefix + "/svc/mgmt/#", false));
        grants.of(Grants.Action.PUBLISH).forEach(f -> r.add(new Rule(Access.PUBLISH, prefix + "/bus/" + f, true)));
        grants.of(Grants.Action.SUBSCRIBE).forEach(f -> r.add(new Rule(Access.SUBSCRIBE, prefix + "/bus/" + f, true)));
        grants.of(Grants.Action.SERVE).forEach(f -> r.add(new Rule(Access.SUBSCRIBE, prefix + "/svc/" + f, true)));
        grants.of(Grants.Action.CALL).forEach(f -> r.add(new Rule(Access.PUBLISH, prefix + "/svc/" + f, true)));
        return new FleetAcl(r);
    }

    /** The rules of an operator (cairnctl) in fleet {@code prefix}. */
    public static FleetAcl operator(String prefix) {
        return new FleetAcl(List.of(
                new Rule(Access.PUBLISH, prefix + "/svc/mgmt/+", true),
                new Rule(Access.SUBSCRIBE, prefix + "/node/+/status", true),
                new Rule(Access.SUBSCRIBE, prefix + "/node/+/logs/#", true),
                new Rule(Access.SUBSCRIBE, prefix + "/reply/+", true),
                new Rule(Access.PUBLISH, presenceEnd(prefix), true)));
    }

    /**
     * The topic of the end marker of the retained presence, {@code p/node/_end/status}: MQTT says nowhere that the
     * retained messages a SUBSCRIBE brings are over, so an operator reading the fleet's presence publishes a message
     * of its own (not retained) that the same subscription matches, and it comes after them — a broker keeps a
     * subscription's messages in order. No node can have the id {@code _end} (an id starts with a letter or digit),
     * so no node's presence is ever on it.
     */
    public static String presenceEnd(String prefix) {
        return prefix + "/node/_end/status";
    }

    /**
     * True when the client may publish on {@code topic}, or subscribe with {@code topic} as its filter; a shared
     * subscription ({@code $share/<group>/<filter>}) is judged by its filter.
     */
    public boolean permits(Access access, String topic) {
        String t = access == Access.SUBSCRIBE ? unshared(topic) : topic;
        if (t == null) return false;
        for (Rule rule : rules) {
            if (rule.access == access && TopicFilters.covers(rule.filter, t)) return rule.allow;
        }
        return false;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The filter of a shared subscription, the filter itself otherwise; null for a malformed share. */
    public static String unshared(String filter) {
        if (!filter.startsWith("$share/")) return filter;
        int slash = filter.indexOf('/', "$share/".length());
        return slash < 0 || slash == filter.length() - 1 ? null : filter.substring(slash + 1);
    }
}
