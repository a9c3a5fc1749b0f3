package dev.cairn.ctl.cli;

import dev.cairn.bus.access.FleetAcl;
import dev.cairn.bus.access.FleetAcl.Access;
import dev.cairn.bus.access.FleetAcl.Rule;
import dev.cairn.bus.access.Grants;
import dev.cairn.bus.access.TopicFilters;
import dev.cairn.ctl.NodeStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Who may do what: a client's rules at the broker with the reason for each, and its bundles' grants against them. */
final class AccessReport {
    /** One rule for a person: {@code publish}/{@code subscribe}, the filter, {@code allow}/{@code deny}, why it is there. */
    record RuleRow(String access, String filter, String decision, String why) {
    }

    /** One grant a bundle declares, and whether the broker's rules let it through. */
    record Declared(String action, String filter, String topic, boolean granted) {
    }

    record BundleRow(String name, String version, Map<String, List<String>> grants, List<Declared> declared, String problem) {
    }

    private AccessReport() {
    }

    static List<RuleRow> rules(String prefix, BrokerClient c) {
        Set<Rule> platform = new HashSet<>(BrokerClient.rules(prefix, c.name(), c.role(), Grants.NONE));
        List<RuleRow> rows = new ArrayList<>();
        for (Rule r : c.rules()) {
            rows.add(new RuleRow(r.access().name().toLowerCase(Locale.ROOT), r.filter(), r.allow() ? "allow" : "deny", why(prefix, r, platform)));
        }
        return rows;
    }

    /** "presence", "end of presence", "node logs", "own replies", "management", "answers" for the platform's rules; "bundle grant" for the others. */
    static String why(String prefix, Rule r, Set<Rule> platform) {
        if (!platform.contains(r)) {
            return r.filter().startsWith(prefix + "/bus/") || r.filter().startsWith(prefix + "/svc/") ? "bundle grant" : "not cairnctl's";
        }
        if (r.filter().startsWith(prefix + "/node/+/logs/")) return "node logs";
        if (r.filter().equals(FleetAcl.presenceEnd(prefix))) return "end of presence";
        if (r.filter().startsWith(prefix + "/node/")) return "presence";
        if (r.filter().startsWith(prefix + "/svc/mgmt/")) return "management";
        if (r.filter().startsWith(prefix + "/reply/")) return r.access() == Access.SUBSCRIBE ? "own replies" : "answers";
        return "platform";
    }

    /** As the broker judges it: the first rule that covers {@code filter} decides; nothing covers it, refused. */
    static boolean permits(List<Rule> rules, Access access, String filter) {
        for (Rule r : rules) {
            if (r.access() == access && TopicFilters.covers(r.filter(), filter)) return r.allow();
        }
        return false;
    }

    /** The MQTT topic (filter) a bus grant comes to, and how it is used there. */
    static Access access(Grants.Action action) {
        return action == Grants.Action.PUBLISH || action == Grants.Action.CALL ? Access.PUBLISH : Access.SUBSCRIBE;
    }

    static String topic(String prefix, Grants.Action action, String filter) {
        return prefix + (action == Grants.Action.PUBLISH || action == Grants.Action.SUBSCRIBE ? "/bus/" : "/svc/") + filter;
    }

    /** The bundles of an online node that announce grants in its presence, each grant checked against {@code rules}. */
    static List<BundleRow> bundles(String prefix, List<Rule> rules, NodeStatus status) {
        List<BundleRow> rows = new ArrayList<>();
        for (Map<String, Object> b : status.bundles()) {
            if (!(b.get("grants") instanceof Map<?, ?> raw) || raw.isEmpty()) continue;
            Map<String, List<String>> grants = new LinkedHashMap<>();
            Map<Grants.Action, List<String>> lists = new LinkedHashMap<>();
            for (Grants.Action a : Grants.Action.values()) {
                if (raw.get(a.attribute()) instanceof List<?> l && !l.isEmpty()) {
                    List<String> filters = l.stream().map(String::valueOf).toList();
                    grants.put(a.attribute(), filters);
                    lists.put(a, filters);
                }
            }
            String problem = null;
            List<Declared> declared = new ArrayList<>();
            try {
                Grants g = Grants.of(lists);
                for (Grants.Action a : Grants.Action.values()) {
                    for (String f : g.of(a)) {
                        String topic = topic(prefix, a, f);
                        declared.add(new Declared(a.attribute(), f, topic, permits(rules, access(a), topic)));
                    }
                }
            } catch (IllegalArgumentException e) {
                problem = "its grants are malformed: " + e.getMessage();
            }
            rows.add(new BundleRow(Base.str(b.get("name")), Base.str(b.get("version")), grants, declared, problem));
        }
        return rows;
    }

    static void printRules(PrintStream out, List<RuleRow> rows) {
        Table t = new Table("ACCESS", "TOPIC FILTER", "ALLOW/DENY", "WHY");
        for (RuleRow r : rows) t.row(r.access(), r.filter(), r.decision(), r.why());
        t.print(out);
    }

    static void printBundles(PrintStream out, List<BundleRow> rows) {
        Table t = new Table("BUNDLE", "GRANT", "AT THE BROKER");
        for (BundleRow b : rows) {
            if (b.problem() != null) t.row(b.name(), "-", b.problem());
            for (Declared d : b.declared())
                t.row(b.name(), d.action() + " " + d.filter(), d.granted() ? "granted" : "NOT GRANTED AT THE BROKER");
        }
        t.print(out);
    }
}
