package dev.cairn.broker;

import dev.cairn.bus.access.FleetAcl;
import dev.cairn.bus.access.FleetAcl.Access;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.protocol.mqtt.exceptions.InvalidClientIdException;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CompositeAddress;

/**
 * Artemis's security manager for a broker with authentication on: who may connect, and what each client may do,
 * decided by the client's {@link FleetAcl} on the MQTT topic itself ({@link CoreTopics}).
 *
 * <p>Artemis's own caches are off ({@link ArtemisConfiguration}): it asks {@link #authenticate} again before each
 * check, so a removed client or a changed password takes effect at the next packet; {@link Client} keeps that
 * cheap. The mapping of Artemis's checks, as its MQTT protocol (2.44) makes them:
 * <ul>
 * <li>SEND (a PUBLISH, a will): publish on the topic. Refused, an MQTT 5 client gets PUBACK (QoS 1) or PUBREC
 * (QoS 2) with 0x87 "not authorized" and stays connected; QoS 0 is dropped silently.</li>
 * <li>CREATE_(NON_)DURABLE_QUEUE (a new subscription; for {@code $share/<group>/<filter>} the group's queue) and
 * CONSUME (taking from a queue that exists, such as a shared one or a resumed session's): subscribe with the filter.
 * Refused, SUBACK carries 0x87 for that filter, the connection stays up. {@link SubscriptionGate} refuses such
 * filters before Artemis sees them, and {@link MqttSessions} drops them from a kept session before it resumes, so
 * these checks are the second line. DELETE_(NON_)DURABLE_QUEUE (unsubscribing) needs the same right.</li>
 * <li>CREATE_ADDRESS, DELETE_ADDRESS (auto-created on the first publish or subscription): allowed; an address is
 * only a name, what matters is who sends to it and who takes from it, checked above.</li>
 * <li>MANAGE, BROWSE, VIEW, EDIT: refused; no MQTT client needs them.</li>
 * </ul>
 * Retained messages, the session store and QoS 2 bookkeeping ({@code $sys.mqtt.*}) are handled by the broker on
 * its own account, without these checks.
 */
final class FleetSecurity implements ActiveMQSecurityManager5 {
    private record Enrolled(Client client, FleetAcl acl, Subject subject) {
    }

    private final String prefix;
    private final Refusals refusals;
    private final Map<String, Enrolled> byName = new ConcurrentHashMap<>();

    FleetSecurity(String prefix, Refusals refusals) {
        this.prefix = prefix;
        this.refusals = refusals;
    }

    /** From {@link Clients}: takes effect at the next check. */
    void changed(Client before, Client after) {
        if (before != null && (after == null || !after.name().equals(before.name()))) byName.remove(before.name());
        if (after != null) {
            Subject subject = new Subject();
            subject.getPrincipals().add(new UserPrincipal(after.name()));
            subject.setReadOnly();
            byName.put(after.name(), new Enrolled(after, after.acl(prefix), subject));
        }
    }

    /** The rights of the client named {@code name}; null when no such client is enrolled. */
    FleetAcl acl(String name) {
        Enrolled e = name == null ? null : byName.get(name);
        return e == null ? null : e.acl();
    }

    /** True when the client named {@code name} may subscribe with {@code filter} (shared, or {@code filter::queue}). */
    boolean maySubscribe(String name, String filter) {
        FleetAcl acl = acl(name);
        return acl != null && acl.permits(Access.SUBSCRIBE, CompositeAddress.extractAddressName(filter));
    }

    boolean isNode(String name) {
        Enrolled e = name == null ? null : byName.get(name);
        return e != null && e.client().role() == Client.Role.NODE;
    }

    /**
     * A node must connect with its name as client id, and nobody else may use a node's name as client id: the MQTT
     * session (its subscriptions and queued messages) belongs to the client id, and taking it over would bypass the
     * checks made when it was subscribed. That refusal is MQTT 5's 0x85 "client identifier not valid" (Artemis's
     * {@link InvalidClientIdException}); a wrong name or password is 0x86 "bad user name or password".
     */
    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        Enrolled e = user == null ? null : byName.get(user);
        String clientId = connection == null ? null : connection.getClientID();
        if (e == null || password == null || !e.client().accepts(password)) {
            refusals.count(Refusals.Reason.BAD_CREDENTIALS, user, (e == null ? user == null ? "no user name" : "no such client"
                    : "wrong password") + remote(clientId, connection));
            return null;
        }
        boolean idOk = e.client().role() == Client.Role.NODE ? user.equals(clientId) : !isNode(clientId);
        if (!idOk) {
            refusals.count(Refusals.Reason.BAD_CREDENTIALS, user, (e.client().role() == Client.Role.NODE
                    ? "a node must use its name as client id" : "the client id is a node's name") + remote(clientId, connection));
            throw new InvalidClientIdException();
        }
        return e.subject();
    }

    private static String remote(String clientId, RemotingConnection connection) {
        return " (client id " + clientId + (connection == null ? "" : ", from " + connection.getRemoteAddress()) + ")";
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        String name = getUserFromSubject(subject);
        Enrolled e = name == null ? null : byName.get(name);
        if (e == null) return false;
        return switch (checkType) {
            case SEND -> permits(e, Access.PUBLISH, address);
            case CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE, CONSUME, DELETE_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE ->
                    permits(e, Access.SUBSCRIBE, address);
            case CREATE_ADDRESS, DELETE_ADDRESS -> true;
            default -> false;
        };
    }

    private boolean permits(Enrolled e, Access access, String address) {
        String topic = CoreTopics.topic(address);
        if (topic != null && e.acl().permits(access, topic)) return true;
        refusals.count(access == Access.PUBLISH ? Refusals.Reason.PUBLISH_DENIED : Refusals.Reason.SUBSCRIBE_DENIED,
                e.client().name(), topic == null ? "core address " + address : topic);
        return false;
    }

    /** Not called for an {@link ActiveMQSecurityManager5}; refuses, should a version of Artemis call it. */
    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }
}
