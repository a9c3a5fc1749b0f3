package dev.cairn.ctl.cli;

import dev.cairn.bus.access.FleetAcl;
import dev.cairn.bus.access.FleetAcl.Access;
import dev.cairn.bus.access.FleetAcl.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link FleetAcl} rules as the ACLs of a Mosquitto dynamic-security role, and back. The first rule gets the highest
 * priority (Mosquitto tries higher priorities first; the first ACL that matches decides, as in FleetAcl). Per rule:
 * <ul>
 * <li>PUBLISH F: {@code publishClientSend F}.</li>
 * <li>SUBSCRIBE F: {@code subscribePattern F}, and {@code subscribePattern $share/+/F} — Mosquitto 2.0.11 judges a
 * shared subscription by its whole filter, {@code $share/<group>/} included, so F alone would refuse every node that
 * serves requests — and {@code publishClientReceive F}: a wide grant (subscribe {@code #}) gets no message the rules
 * before it deny, e.g. another node's management requests (Mosquitto judges a subscription only by whether the ACL
 * pattern covers it, so {@code cairn/svc/#} is not refused by a deny of {@code cairn/svc/mgmt/#}).</li>
 * </ul>
 * A rule whose access and filter an earlier rule had already decides nothing and is left out (Mosquitto refuses a second
 * ACL with the same type and topic).
 */
final class DynsecAcls {
    static final String SEND = "publishClientSend";
    static final String RECEIVE = "publishClientReceive";
    static final String SUBSCRIBE = "subscribePattern";
    static final String SUBSCRIBE_LITERAL = "subscribeLiteral";
    static final String SHARED = "$share/+/";

    /** One ACL of a role. */
    record Acl(String acltype, String topic, int priority, boolean allow) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("acltype", acltype);
            m.put("topic", topic);
            m.put("priority", priority);
            m.put("allow", allow);
            return m;
        }

        String key() {
            return acltype + " " + topic;
        }

        static Acl of(Map<String, Object> json) {
            Object p = json.get("priority");
            return new Acl(String.valueOf(json.get("acltype")), String.valueOf(json.get("topic")),
                    p instanceof Number n ? n.intValue() : 0, Boolean.TRUE.equals(json.get("allow")));
        }
    }

    private DynsecAcls() {
    }

    static List<Acl> of(List<Rule> rules) {
        List<Acl> acls = new ArrayList<>();
        Set<String> decided = new HashSet<>();
        int priority = rules.size();
        for (Rule r : rules) {
            int p = priority--;
            if (!decided.add(r.access() + " " + r.filter())) continue;
            if (r.access() == Access.PUBLISH) {
                acls.add(new Acl(SEND, r.filter(), p, r.allow()));
            } else {
                acls.add(new Acl(SUBSCRIBE, r.filter(), p, r.allow()));
                acls.add(new Acl(SUBSCRIBE, SHARED + r.filter(), p, r.allow()));
                acls.add(new Acl(RECEIVE, r.filter(), p, r.allow()));
            }
        }
        return acls;
    }

    /** The rules a role's ACLs come to, highest priority first: what {@link #of} wrote, read back. */
    static List<Rule> rules(List<Acl> acls) {
        List<Acl> sorted = new ArrayList<>(acls);
        sorted.sort(Comparator.comparingInt(Acl::priority).reversed());
        List<Rule> rules = new ArrayList<>();
        for (Acl a : sorted) {
            if (a.acltype().equals(SEND)) rules.add(new Rule(Access.PUBLISH, a.topic(), a.allow()));
            else if ((a.acltype().equals(SUBSCRIBE) || a.acltype().equals(SUBSCRIBE_LITERAL)) && !a.topic().startsWith("$share/"))
                rules.add(new Rule(Access.SUBSCRIBE, a.topic(), a.allow()));
        }
        return rules;
    }

    static List<Acl> parse(Object acls) {
        List<Acl> out = new ArrayList<>();
        if (acls instanceof List<?> l) for (Object o : l) out.add(Acl.of(Base.map(o)));
        return out;
    }

    /** The commands that turn role {@code role}'s ACLs from {@code now} into {@code wanted}: removals first, then additions. */
    static List<Map<String, Object>> diff(String role, List<Acl> now, List<Acl> wanted) {
        Map<String, Acl> have = new LinkedHashMap<>();
        now.forEach(a -> have.put(a.key(), a));
        Map<String, Acl> want = new LinkedHashMap<>();
        wanted.forEach(a -> want.put(a.key(), a));
        List<Map<String, Object>> removals = new ArrayList<>(), additions = new ArrayList<>();
        for (Acl a : have.values()) {
            if (!a.equals(want.get(a.key()))) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("command", "removeRoleACL");
                c.put("rolename", role);
                c.put("acltype", a.acltype());
                c.put("topic", a.topic());
                removals.add(c);
            }
        }
        for (Acl a : want.values()) {
            if (!a.equals(have.get(a.key()))) {
                Map<String, Object> c = new LinkedHashMap<>(a.json());
                c.put("command", "addRoleACL");
                c.put("rolename", role);
                additions.add(c);
            }
        }
        List<Map<String, Object>> all = new ArrayList<>(removals);
        all.addAll(additions);
        return all;
    }
}
