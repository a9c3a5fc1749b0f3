package dev.cairn.ctl.cli;

import dev.cairn.bus.access.FleetAcl;
import dev.cairn.bus.access.Grants;
import java.util.List;

/**
 * A client as the broker knows it: its name (the MQTT user name: a node id), what it is, and the rules it has there,
 * in the order the broker applies them (the first that covers a topic decides).
 *
 * @param notes what the broker holds besides, in words: other roles, a default that allows, nothing changed
 */
record BrokerClient(String name, Role role, List<FleetAcl.Rule> rules, List<String> notes) {
    enum Role {
        NODE, OPERATOR,
        /** Not made by cairnctl (in Mosquitto: without a {@code cairn-node-} or {@code cairn-operator-} role). */
        OTHER;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    BrokerClient {
        rules = List.copyOf(rules);
        notes = List.copyOf(notes);
    }

    /** The rules a client of {@code role} has in fleet {@code prefix} with {@code grants}: what the embedded broker applies. */
    static List<FleetAcl.Rule> rules(String prefix, String name, Role role, Grants grants) {
        return switch (role) {
            case NODE -> FleetAcl.node(prefix, name, grants).rules();
            case OPERATOR -> FleetAcl.operator(prefix).rules();
            case OTHER -> List.of();
        };
    }

    BrokerClient withNote(String note) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.add(note);
        return new BrokerClient(name, role, rules, n);
    }
}
