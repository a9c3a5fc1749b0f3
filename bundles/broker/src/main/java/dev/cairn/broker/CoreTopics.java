package dev.cairn.broker;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.utils.CompositeAddress;

/**
 * MQTT topics and Artemis core addresses. Artemis's MQTT protocol turns a topic (or filter) into a core address
 * by converting MQTT's wildcard syntax ({@code /}, {@code +}, {@code #}) into the broker's (here the default:
 * {@code .}, {@code *}, {@code #}), escaping what would be read as the broker's syntax ({@code a.b/c} becomes
 * {@code a\.b.c}); a subscription's queue is named {@code <client id>.<address>}, or {@code <group>.<address>} for
 * {@code $share/<group>/<filter>}; a security check names the address, or {@code <address>::<queue>}.
 *
 * <p>The broker's wildcard syntax is kept rather than set to MQTT's: with '/' as its delimiter, Artemis's retained
 * messages ({@code $sys.mqtt.retain.<topic>}) are no longer found for a filter that starts with a wildcard, and a
 * journal written before would name its addresses differently.
 */
final class CoreTopics {
    private static final WildcardConfiguration CORE = WildcardConfiguration.DEFAULT_WILDCARD_CONFIGURATION;

    private CoreTopics() {
    }

    /**
     * The MQTT topic (or filter) of a core address or {@code address::queue}; null when the address does not convert
     * back exactly (Artemis's escaping is not reversible when the topic holds a backslash): such a topic is refused.
     */
    static String topic(String address) {
        String core = CompositeAddress.extractAddressName(address);
        String topic = CORE.convert(core, MQTTUtil.MQTT_WILDCARD);
        return MQTTUtil.getCoreAddressFromMqttTopic(topic, CORE).equals(core) ? topic : null;
    }

    static String topic(SimpleString address) {
        return address == null ? null : topic(address.toString());
    }
}
