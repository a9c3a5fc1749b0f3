package dev.cairn.broker;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Artemis narrates every step of its start and stop at INFO. A node shows only its warnings and errors,
 * unless the node runs at DEBUG. The node's SLF4J binding is java.util.logging, so its levels decide.
 */
final class ArtemisLog {
    /** Held: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger ARTEMIS = Logger.getLogger("org.apache.activemq");
    /** Where Artemis's server messages (AMQ22xxxx) are logged. */
    private static final Logger SERVER = Logger.getLogger("org.apache.activemq.artemis.core.server");
    /** "Security problem while authenticating", at every failed login: {@link Refusals} says it, at most once a minute. */
    private static final String FAILED_LOGIN = "AMQ222216";

    private ArtemisLog() {
    }

    static void keepToWarnings() {
        if (ARTEMIS.getLevel() != null) return;   // set by the operator (or by an earlier start): leave it
        Level root = Logger.getLogger("").getLevel();
        if (root != null && root.intValue() <= Level.FINE.intValue()) return;
        ARTEMIS.setLevel(Level.WARNING);
    }

    /** Leaves failed logins to {@link Refusals}, so that a client retrying a wrong password cannot flood the log. */
    static void leaveFailedLoginsToCairn() {
        SERVER.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith(FAILED_LOGIN));
    }
}
