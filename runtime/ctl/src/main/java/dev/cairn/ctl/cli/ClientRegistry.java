package dev.cairn.ctl.cli;

import dev.cairn.bus.access.Grants;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.NodeStatus;
import java.util.Optional;

/**
 * Where a broker keeps its clients and their rules: Mosquitto's dynamic security, the embedded broker's
 * configurations on its node, or the configuration files of a hub that has not started yet.
 */
interface ClientRegistry extends AutoCloseable {
    /** "Mosquitto's dynamic security at tcp://10.0.0.5:1883", for messages. */
    String where();

    Optional<BrokerClient> find(String name) throws CtlException;

    /**
     * Makes {@code name} a client with {@code password} and the rules of its role for {@code grants}. Refuses a
     * client that exists unless {@code force}: then it gets the new password (the old one stops working at once) and
     * these rules.
     */
    BrokerClient enroll(String name, BrokerClient.Role role, Grants grants, char[] password, boolean force) throws CtlException;

    /** Replaces a node's bus grants; the platform's rules stay. Refuses an unknown client and an operator. */
    BrokerClient grant(String name, Grants grants) throws CtlException;

    /** Removes the client, cutting off its connection; false when there was none of that name. */
    boolean revoke(String name) throws CtlException;

    /** The node's retained presence, read through the broker; empty when it never announced itself. */
    Optional<NodeStatus> presence(String name) throws CtlException;

    @Override
    void close();

    static CtlException unknown(String name, String where) {
        return new CtlException(CtlException.Kind.FAILED, "no client " + name + " at " + where + " (enroll it first: cairnctl enroll " + name + ")");
    }

    static CtlException exists(String name, String where) {
        return new CtlException(CtlException.Kind.FAILED, name + " is enrolled at " + where
                + " already; --force gives it a new password (the old one stops working at once)");
    }

    static CtlException notANode(BrokerClient c, String where) {
        return new CtlException(CtlException.Kind.FAILED, c.name() + " at " + where + " is " + (c.role() == BrokerClient.Role.OPERATOR
                ? "an operator: operators have no bus grants" : "not a client cairnctl enrolled: enroll it with --force first"));
    }
}
