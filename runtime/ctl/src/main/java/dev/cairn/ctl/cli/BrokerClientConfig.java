package dev.cairn.ctl.cli;

import dev.cairn.bus.access.Grants;
import dev.cairn.management.api.PasswordHash;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of the embedded broker as a ConfigAdmin factory configuration of {@value #FACTORY_PID} on the broker's node:
 * {@code name} (the node id), {@code role} ({@code node} or {@code operator}), {@code .password} (a
 * {@link PasswordHash}) and the node's bus grants as string arrays {@code publish}, {@code subscribe}, {@code serve},
 * {@code call} (absent when empty). The broker turns role and grants into {@code FleetAcl} rules itself.
 */
final class BrokerClientConfig {
    static final String FACTORY_PID = "dev.cairn.broker.client";
    static final String PASSWORD = ".password";

    private BrokerClientConfig() {
    }

    /** The properties of a client; {@code password} is the hash, or the management mask that keeps the one there. */
    static Map<String, Object> properties(String name, BrokerClient.Role role, Grants grants, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("role", role.word());
        p.put(PASSWORD, password);
        for (Grants.Action a : Grants.Action.values()) {
            if (!grants.of(a).isEmpty()) p.put(a.attribute(), List.copyOf(grants.of(a)));
        }
        return p;
    }

    static BrokerClient.Role role(Map<String, Object> properties) {
        String r = String.valueOf(properties.get("role"));
        return r.equals("node") ? BrokerClient.Role.NODE : r.equals("operator") ? BrokerClient.Role.OPERATOR : BrokerClient.Role.OTHER;
    }

    /** The grants a configuration holds; a malformed filter is an IllegalArgumentException naming it. */
    static Grants grants(Map<String, Object> properties) {
        Map<Grants.Action, List<String>> lists = new EnumMap<>(Grants.Action.class);
        for (Grants.Action a : Grants.Action.values()) {
            Object v = properties.get(a.attribute());
            List<String> filters = new ArrayList<>();
            if (v instanceof List<?> l) l.forEach(f -> filters.add(String.valueOf(f)));
            else if (v != null) filters.add(String.valueOf(v));
            if (!filters.isEmpty()) lists.put(a, filters);
        }
        return Grants.of(lists);
    }

    static BrokerClient client(String prefix, String name, Map<String, Object> properties, List<String> notes) {
        BrokerClient.Role role = role(properties);
        List<String> n = new ArrayList<>(notes);
        Grants grants;
        try {
            grants = grants(properties);
        } catch (IllegalArgumentException e) {
            grants = Grants.NONE;
            n.add("its grants cannot be read (" + e.getMessage() + "): the broker refuses its bus topics");
        }
        if (role == BrokerClient.Role.OTHER) n.add("its role is '" + properties.get("role") + "', neither node nor operator");
        return new BrokerClient(name, role, BrokerClient.rules(prefix, name, role, grants), n);
    }
}
