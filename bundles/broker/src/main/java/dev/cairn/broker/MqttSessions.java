package dev.cairn.broker;

import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTSessionState;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTStateManager;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerSessionPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.utils.CompositeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps live connections and kept MQTT sessions in step with the clients' configurations. Artemis checks rights
 * when a client publishes or subscribes, not while a subscription delivers, so:
 * <ul>
 * <li>a client removed, or whose password changed, has its connections closed at once; removed, its session ends
 * with them (no queue keeps filling for a client that cannot come back), and its will is dropped: it may no longer
 * publish ({@link RevokedPresence} says a removed node is offline);</li>
 * <li>a client whose rights shrank so that a live subscription is no longer allowed has that connection closed;</li>
 * <li>when a client (re)connects, subscriptions its kept session holds that it may no longer have are dropped
 * before Artemis resumes them. Without that, Artemis's refused resumption would fail the connection after its
 * CONNACK, and every reconnect after it.</li>
 * </ul>
 */
final class MqttSessions implements ActiveMQServerSessionPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSessions.class);

    private final FleetSecurity security;
    private volatile ActiveMQServer server;

    MqttSessions(FleetSecurity security) {
        this.security = security;
    }

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    /** After {@link FleetSecurity#changed}, so that the rights checked here are the new ones. */
    void changed(Client before, Client after) {
        ActiveMQServer s = server;
        if (s == null || before == null) return;
        boolean removed = after == null || !after.name().equals(before.name());
        if (removed && before.role() == Client.Role.NODE) {
            // a node's kept session, also while it is away: Artemis would try its will when the session expires
            MQTTSessionState kept = state(s, before.name());
            if (kept != null) kept.setWill(false);
        }
        for (RemotingConnection c : s.getRemotingService().getConnections()) {
            if (!before.name().equals(userOf(c))) continue;
            MQTTSessionState state = state(s, c.getClientID());
            String why;
            if (removed) {
                why = "it is no longer enrolled";
                if (state != null) {
                    state.setClientSessionExpiryInterval(0);   // Artemis then ends the session as it closes
                    // Its will would be refused (it may no longer publish), which Artemis logs as an error
                    // (AMQ834007): dropped. A node's "offline" is the broker's to say instead (RevokedPresence).
                    state.setWill(false);
                }
            } else if (!after.sameSecret(before)) {
                why = "its password changed";
            } else {
                String lost = firstForbidden(state, after.name());
                if (lost == null) continue;
                why = "it may no longer subscribe to " + lost;
            }
            LOG.info("MQTT broker closes the connection of client {} (client id {}): {}", before.name(), c.getClientID(), why);
            c.fail(new ActiveMQSecurityException("client " + before.name() + ": " + why));
        }
    }

    @Override
    public void afterCreateSession(ServerSession session) {
        ActiveMQServer s = server;
        String user = session.getUsername();   // null for the broker's own sessions
        if (s == null || security.acl(user) == null) return;
        String clientId = session.getRemotingConnection().getClientID();
        try {
            MQTTSessionState state = state(s, clientId);
            if (state == null) return;
            boolean dropped = false;
            for (MqttTopicSubscription subscription : state.getSubscriptions()) {
                String filter = subscription.topicFilter();
                if (security.maySubscribe(user, filter)) continue;
                state.removeSubscription(filter);
                if (!MQTTUtil.isSharedSubscription(filter)) deleteQueue(s, filter, clientId);
                dropped = true;
                LOG.info("MQTT broker drops subscription {} from the session of client {}: no longer granted", filter, user);
            }
            if (!dropped) return;
            MQTTStateManager states = MQTTStateManager.getInstance(s);
            if (state.getSubscriptions().isEmpty()) states.removeDurableSubscriptionState(clientId);
            else states.storeDurableSubscriptionState(state);
        } catch (Exception e) {
            LOG.warn("MQTT broker could not check the kept session of client {} (client id {}) against its rights: {}", user, clientId, e.toString());
        }
    }

    private String userOf(RemotingConnection c) {
        Subject subject = c.getSubject();
        return subject == null ? null : security.getUserFromSubject(subject);
    }

    private static MQTTSessionState state(ActiveMQServer s, String clientId) {
        if (clientId == null) return null;
        try {
            return MQTTStateManager.getInstance(s).getSessionStates().get(clientId);
        } catch (Exception e) {
            throw new IllegalStateException("Artemis's MQTT session states are not available", e);
        }
    }

    private String firstForbidden(MQTTSessionState state, String name) {
        if (state == null) return null;
        for (MqttTopicSubscription subscription : state.getSubscriptions()) {
            if (!security.maySubscribe(name, subscription.topicFilter())) return subscription.topicFilter();
        }
        return null;
    }

    private static void deleteQueue(ActiveMQServer s, String filter, String clientId) throws Exception {
        String queue = MQTTUtil.getCoreQueueFromMqttTopic(CompositeAddress.extractAddressName(filter), clientId,
                s.getConfiguration().getWildcardConfiguration());
        if (s.locateQueue(queue) != null) s.destroyQueue(SimpleString.of(queue), null, false, true);
    }
}
