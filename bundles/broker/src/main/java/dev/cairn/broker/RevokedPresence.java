package dev.cairn.broker;

import java.nio.charset.StandardCharsets;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.persistence.StorageManager;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerBasePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.transaction.impl.TransactionImpl;
import org.apache.activemq.artemis.reader.MessageUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A removed node may no longer publish, so its will is not sent (see {@link MqttSessions}) and its retained presence
 * would say "online" for ever. On the removal of a node client the broker says it instead, on its own account:
 * {@code {"node":"<name>","status":"offline","reason":"revoked"}} on {@code <prefix>/node/<name>/status}, QoS 1,
 * retained, as Cairn's presence writes its own "offline".
 *
 * <p>Artemis keeps an MQTT topic's retained message as the one message of the queue
 * {@code $sys.mqtt.retain.<core address>}, which a new subscription browses (its {@code MQTTRetainMessageManager}
 * needs a client's MQTT session, so it is done here alike): the message is routed to the topic's address, for live
 * subscribers, and a copy replaces what that queue held, in one transaction. Neither goes through a client's session,
 * so no security check applies (the node's own will would be checked under its login, and refused).
 */
final class RevokedPresence implements ActiveMQServerBasePlugin {
    private static final Logger LOG = LoggerFactory.getLogger(RevokedPresence.class);

    private final String prefix;
    private volatile ActiveMQServer server;

    RevokedPresence(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    /** From {@link Clients}, after {@link MqttSessions#changed}: a node no longer enrolled under its name is revoked. */
    void changed(Client before, Client after) {
        if (before == null || before.role() != Client.Role.NODE) return;
        if (after != null && after.name().equals(before.name())) return;
        ActiveMQServer s = server;
        if (s == null || !s.isActive()) return;
        String topic = topic(before.name());
        try {
            publish(s, topic, status(before.name()), before.name());
            LOG.info("MQTT broker says node {} is offline (revoked) on {}", before.name(), topic);
        } catch (Exception e) {
            LOG.warn("MQTT broker could not publish the revoked status of node {} on {}: {}", before.name(), topic, e.toString());
        }
    }

    String topic(String node) {
        return prefix + "/node/" + node + "/status";
    }

    /** As Cairn's presence writes it (Jackson, no spaces); a client's name needs no escaping (letters, digits, {@code ._-}). */
    static String status(String node) {
        return "{\"node\":\"" + node + "\",\"status\":\"offline\",\"reason\":\"revoked\"}";
    }

    private static void publish(ActiveMQServer s, String topic, String payload, String node) throws Exception {
        StorageManager storage = s.getStorageManager();
        SimpleString address = SimpleString.of(MQTTUtil.getCoreAddressFromMqttTopic(topic, s.getConfiguration().getWildcardConfiguration()));
        CoreMessage message = new CoreMessage(storage.generateID(), 256 + payload.length());
        message.setAddress(address);
        message.setType(Message.BYTES_TYPE);
        message.setDurable(MQTTUtil.DURABLE_MESSAGES);
        message.setTimestamp(System.currentTimeMillis());
        message.putBooleanProperty(MQTTUtil.MQTT_MESSAGE_RETAIN_KEY, true);
        message.putIntProperty(MQTTUtil.MQTT_QOS_LEVEL_KEY, 1);
        // as the node's own will would carry it: subscriptions with "no local" filter on this property
        message.putStringProperty(MessageUtil.CONNECTION_ID_PROPERTY_NAME, SimpleString.of(node));
        message.getBodyBuffer().writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        AddressInfo info = s.getAddressInfo(address);
        message.setRoutingType(info == null ? RoutingType.MULTICAST : info.getRoutingType());

        String retainAddress = MQTTUtil.getCoreRetainAddressFromMqttTopic(topic, s.getConfiguration().getWildcardConfiguration());
        Queue retained = s.locateQueue(retainAddress);
        if (retained == null) retained = s.createQueue(QueueConfiguration.of(retainAddress).setAutoCreated(true));

        Transaction tx = new TransactionImpl(storage);
        try {
            s.getPostOffice().route(message, tx, true);   // no subscriber (no binding): nothing but the retained copy
            retained.deleteAllReferences();
            MQTTUtil.sendMessageDirectlyToQueue(storage, s.getPostOffice(), message.copy(storage.generateID()), retained, tx);
            tx.commit();
        } catch (Exception e) {
            tx.rollback();
            throw e;
        }
    }
}
