package dev.cairn.ctl.cli;

import dev.cairn.bus.access.Grants;
import dev.cairn.ctl.BrokerLogin;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.DynamicSecurity;
import dev.cairn.ctl.DynamicSecurity.Response;
import dev.cairn.ctl.NodeStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Clients in Mosquitto's dynamic-security plugin: client NODE (user name = node id) with one role,
 * {@code cairn-node-NODE} or {@code cairn-operator-NODE}, whose ACLs are the node's {@link DynsecAcls rules}.
 * Changing a role's ACLs disconnects the node once (Mosquitto's enforcement); it reconnects with the new rules.
 */
final class MosquittoRegistry implements ClientRegistry {
    static final String NODE_ROLE = "cairn-node-";
    static final String OPERATOR_ROLE = "cairn-operator-";
    /**
     * The wait after Mosquitto's end of the retained messages ({@code DynamicSecurity.retained}), for a status still
     * in Paho's callback queue (measured: at most 2 ms behind).
     */
    static final Duration PRESENCE_WAIT = Duration.ofMillis(50);

    private final DynamicSecurity dynsec;
    private final BrokerLogin login;
    private final String prefix;
    private final Duration timeout;

    MosquittoRegistry(DynamicSecurity dynsec, BrokerLogin login, String prefix, Duration timeout) {
        this.dynsec = dynsec;
        this.login = login;
        this.prefix = prefix;
        this.timeout = timeout;
    }

    @Override
    public String where() {
        return "Mosquitto's dynamic security at " + dynsec.brokerUrl();
    }

    static String roleName(String name, BrokerClient.Role role) {
        return (role == BrokerClient.Role.OPERATOR ? OPERATOR_ROLE : NODE_ROLE) + name;
    }

    /** The client as the plugin has it, or empty; its roles by name. */
    private record Found(List<String> roles, List<String> groups) {
        BrokerClient.Role role(String name) {
            if (roles.contains(NODE_ROLE + name)) return BrokerClient.Role.NODE;
            if (roles.contains(OPERATOR_ROLE + name)) return BrokerClient.Role.OPERATOR;
            return BrokerClient.Role.OTHER;
        }
    }

    private Optional<Found> client(String name) throws CtlException {
        Response r = one(command("getClient", "username", name));
        if ("Client not found".equals(r.error())) return Optional.empty();
        check(r);
        Map<String, Object> c = Base.map(r.data().get("client"));
        return Optional.of(new Found(names(c.get("roles"), "rolename"), names(c.get("groups"), "groupname")));
    }

    /** The ACLs of {@code role}, or empty when there is no such role. */
    private Optional<List<DynsecAcls.Acl>> role(String role) throws CtlException {
        Response r = one(command("getRole", "rolename", role));
        if (r.error() != null && r.error().startsWith("Role not found")) return Optional.empty();
        check(r);
        return Optional.of(DynsecAcls.parse(Base.map(r.data().get("role")).get("acls")));
    }

    @Override
    public Optional<BrokerClient> find(String name) throws CtlException {
        Optional<Found> found = client(name);
        if (found.isEmpty()) return Optional.empty();
        BrokerClient.Role role = found.get().role(name);
        List<String> notes = new ArrayList<>();
        List<DynsecAcls.Acl> acls = List.of();
        if (role != BrokerClient.Role.OTHER) {
            acls = role(roleName(name, role)).orElse(List.of());
        } else {
            notes.add("it has no role " + NODE_ROLE + name + " or " + OPERATOR_ROLE + name + ": it was not enrolled by cairnctl");
        }
        for (String r : found.get().roles()) {
            if (role == BrokerClient.Role.OTHER || !r.equals(roleName(name, role)))
                notes.add("it also has role " + r + ", whose ACLs are not shown here");
        }
        for (String g : found.get().groups()) notes.add("it is in group " + g + ", whose roles' ACLs are not shown here");
        notes.addAll(defaultAccessNotes());
        return Optional.of(new BrokerClient(name, role, DynsecAcls.rules(acls), notes));
    }

    /** What the plugin's defaults allow that FleetAcl expects to be refused. */
    private List<String> defaultAccessNotes() throws CtlException {
        Response r = one(Map.of("command", "getDefaultACLAccess"));
        if (!r.ok()) return List.of();
        List<String> notes = new ArrayList<>();
        if (r.data().get("acls") instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> a = Base.map(o);
                String type = String.valueOf(a.get("acltype"));
                if (Boolean.TRUE.equals(a.get("allow")) && (type.equals("publishClientSend") || type.equals("subscribe")))
                    notes.add("the broker's default ACL access allows " + type + ": what no rule covers is allowed, not refused "
                            + "(mosquitto_ctrl dynsec setDefaultACLAccess " + type + " deny)");
            }
        }
        return notes;
    }

    @Override
    public BrokerClient enroll(String name, BrokerClient.Role role, Grants grants, char[] password, boolean force) throws CtlException {
        Optional<Found> existing = client(name);
        if (existing.isPresent() && !force) throw ClientRegistry.exists(name, where());
        String roleName = roleName(name, role);
        String otherRole = roleName(name, role == BrokerClient.Role.NODE ? BrokerClient.Role.OPERATOR : BrokerClient.Role.NODE);
        List<dev.cairn.bus.access.FleetAcl.Rule> rules = BrokerClient.rules(prefix, name, role, grants);
        List<DynsecAcls.Acl> wanted = DynsecAcls.of(rules);
        List<Map<String, Object>> commands = new ArrayList<>();
        Optional<List<DynsecAcls.Acl>> now = role(roleName);
        if (now.isEmpty()) {
            Map<String, Object> create = command("createRole", "rolename", roleName);
            create.put("textname", "cairn " + role.word() + " " + name);
            create.put("acls", wanted.stream().map(DynsecAcls.Acl::json).toList());
            commands.add(create);
        } else {
            commands.addAll(DynsecAcls.diff(roleName, now.get(), wanted));
        }
        if (existing.isEmpty()) {
            Map<String, Object> create = command("createClient", "username", name);
            create.put("password", new String(password));
            create.put("textname", "cairn " + role.word() + " " + name);
            create.put("roles", List.of(Map.of("rolename", roleName)));
            commands.add(create);
        } else {
            Map<String, Object> set = command("setClientPassword", "username", name);
            set.put("password", new String(password));
            commands.add(set);
            if (!existing.get().roles().contains(roleName)) {
                Map<String, Object> add = command("addClientRole", "username", name);
                add.put("rolename", roleName);
                commands.add(add);
            }
            if (existing.get().roles().contains(otherRole)) {
                Map<String, Object> remove = command("removeClientRole", "username", name);
                remove.put("rolename", otherRole);
                commands.add(remove);
                commands.add(command("deleteRole", "rolename", otherRole));
            }
        }
        checkAll(dynsec.send(commands, timeout));
        return new BrokerClient(name, role, rules, defaultAccessNotes());
    }

    @Override
    public BrokerClient grant(String name, Grants grants) throws CtlException {
        BrokerClient current = find(name).orElseThrow(() -> ClientRegistry.unknown(name, where()));
        if (current.role() != BrokerClient.Role.NODE) throw ClientRegistry.notANode(current, where());
        String roleName = roleName(name, BrokerClient.Role.NODE);
        List<dev.cairn.bus.access.FleetAcl.Rule> rules = BrokerClient.rules(prefix, name, BrokerClient.Role.NODE, grants);
        List<Map<String, Object>> changes = DynsecAcls.diff(roleName, role(roleName).orElse(List.of()), DynsecAcls.of(rules));
        checkAll(dynsec.send(changes, timeout));
        BrokerClient after = new BrokerClient(name, BrokerClient.Role.NODE, rules, List.of());
        return changes.isEmpty() ? after.withNote("unchanged: the broker had these rules already")
                : after.withNote("the broker disconnected " + name + " to apply them; it reconnects with these rules");
    }

    @Override
    public boolean revoke(String name) throws CtlException {
        Optional<Found> found = client(name);
        if (found.isEmpty()) return false;
        if (found.get().role(name) == BrokerClient.Role.NODE) offline(name);
        List<Map<String, Object>> commands = new ArrayList<>();
        commands.add(command("deleteClient", "username", name));
        for (BrokerClient.Role r : List.of(BrokerClient.Role.NODE, BrokerClient.Role.OPERATOR)) {
            if (found.get().roles().contains(roleName(name, r))) commands.add(command("deleteRole", "rolename", roleName(name, r)));
        }
        checkAll(dynsec.send(commands, timeout));
        return true;
    }

    /**
     * Says "offline" for a node about to be removed: Mosquitto cuts off a client it changes without publishing its
     * will, so its retained presence would say "online" forever. The node's password is replaced first (which cuts
     * it off and keeps it off), then cairnctl publishes its status with that password, as the node.
     */
    private void offline(String name) throws CtlException {
        char[] once = Passwords.generate();
        Map<String, Object> set = command("setClientPassword", "username", name);
        set.put("password", new String(once));
        checkAll(dynsec.send(List.of(set), timeout));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("node", name);
        status.put("status", "offline");
        status.put("reason", "revoked");
        BrokerLogin asNode = new BrokerLogin(login.brokerUrl(), name, once, login.tls(), login.connectTimeout());
        try {
            DynamicSecurity.publishAs(asNode, prefix + "/node/" + name + "/status", Base.json(status).getBytes(StandardCharsets.UTF_8), true);
        } catch (CtlException e) {
            // the client goes anyway; its presence may still say online
        }
    }

    @Override
    public Optional<NodeStatus> presence(String name) throws CtlException {
        String topic = prefix + "/node/" + name + "/status";
        return dynsec.retained(topic, PRESENCE_WAIT).map(p -> NodeStatus.parse(topic, p));
    }

    @Override
    public void close() {
        dynsec.close();
    }

    private Response one(Map<String, Object> command) throws CtlException {
        return dynsec.send(List.of(command), timeout).get(0);
    }

    private static Map<String, Object> command(String command, String key, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put(key, value);
        return m;
    }

    private void check(Response r) throws CtlException {
        if (!r.ok()) throw new CtlException(CtlException.Kind.FAILED, where() + ": " + r.command() + " failed: " + r.error());
    }

    private void checkAll(List<Response> responses) throws CtlException {
        for (Response r : responses) check(r);
    }

    private static List<String> names(Object list, String key) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> l) for (Object o : l) out.add(String.valueOf(Base.map(o).get(key)));
        return out;
    }
}
