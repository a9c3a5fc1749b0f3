package dev.cairn.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Receivers take a Cairn message's sender from its MQTT 5 user property {@code cairn-id}
 * ({@code <node>/<epoch>/<stream><seq>}); a node could claim to be another. With authentication on, a message of a
 * node whose {@code cairn-id} names another node is refused here, before routing: the sender gets PUBACK 0x87, no
 * subscriber sees it. Operators are not held to it: cairnctl's ids name its client id, and what an operator's
 * request may do is decided by its signature.
 *
 * <p>Artemis's MQTT protocol keeps user properties in order as core properties
 * {@code mqtt.ordered.user.property.<index>.<key>}, with their number in {@code mqtt.user.property.exists}.
 */
final class ClaimCheck implements ActiveMQServerMessagePlugin {
    static final String PROPERTY = "cairn-id";

    private final FleetSecurity security;
    private final Refusals refusals;

    ClaimCheck(FleetSecurity security, Refusals refusals) {
        this.security = security;
        this.refusals = refusals;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String user = session.getUsername();   // null for the broker's own sessions
        if (user == null || !security.isNode(user)) return;
        String claimed = otherNode(message, user);
        if (claimed == null) return;
        String topic = CoreTopics.topic(message.getAddressSimpleString());
        refusals.count(Refusals.Reason.FORGED_ID, user, "on " + topic + ": its cairn-id names node " + claimed);
        throw new ActiveMQSecurityException("client " + user + " may not send messages in the name of node " + claimed);
    }

    /** The node named by the first {@code cairn-id} that names another than {@code sender}; null when none does. */
    static String otherNode(Message message, String sender) {
        Object count = message.getObjectProperty(MQTTUtil.MQTT_USER_PROPERTY_EXISTS_KEY);
        if (!(count instanceof Integer n)) return null;
        for (int i = 0; i < n; i++) {
            Object id = message.getObjectProperty(MQTTUtil.MQTT_USER_PROPERTY_KEY_PREFIX + i + "." + PROPERTY);
            if (id != null) {
                String text = id.toString();
                int slash = text.indexOf('/');
                String node = slash < 0 ? text : text.substring(0, slash);
                if (!node.equals(sender)) return node;
            }
        }
        return null;
    }
}
