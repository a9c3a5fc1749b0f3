package dev.cairn.broker;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * The Artemis configuration of a Cairn broker: an MQTT acceptor (and one over TLS), no JMX, files under one folder;
 * security only with authentication on ({@link FleetSecurity}).
 */
final class ArtemisConfiguration {
    static final String DEAD_LETTERS = "DLQ";
    static final String EXPIRED = "ExpiryQueue";
    /** What the dead-letter and expiry queues keep in memory; later arrivals are dropped. */
    private static final long DEAD_END_BYTES = 1L << 20;

    private ArtemisConfiguration() {
    }

    /**
     * {@code data}: persistent, the journal lives there; in memory, only what overflows the memory limit is
     * paged there (to {@code data/spill}, emptied when the broker starts).
     */
    static Configuration of(BrokerSettings settings, Path data) {
        Path files = settings.persistent() ? data : spillFolder(data);
        ConfigurationImpl c = new ConfigurationImpl();
        c.setName("cairn")
                .setPersistenceEnabled(settings.persistent())
                .setSecurityEnabled(settings.authentication())
                // Artemis would cache a client's login and each granted address for 10 s, so a removed client or a
                // narrowed grant would keep working that long: FleetSecurity decides at every check, cheaply.
                .setAuthenticationCacheSize(0)
                .setAuthorizationCacheSize(0)
                // Artemis lets its cluster user (default ACTIVEMQ.CLUSTER.ADMIN.USER / "CHANGE ME!!") past every check.
                // There is no cluster: a name no client can have and a password nobody knows.
                .setClusterUser("cairn:no-cluster")
                .setClusterPassword(randomPassword())
                .setJMXManagementEnabled(false)
                // A watchdog thread that logs (or, by policy, stops the broker or halts the JVM) when an internal
                // step stalls: a node's health is the node's to judge.
                .setCriticalAnalyzer(false)
                .setGlobalMaxSize(settings.memoryBytes())
                // Off in memory, where the disk is only an overflow; persistent, it guards the journal's disk (90 %).
                .setMaxDiskUsage(settings.persistent() ? c.getMaxDiskUsage() : -1)
                .setJournalType(JournalType.NIO)
                // The default 3.33 ms write batching makes every QoS 1 round trip ~7 ms; 0.1 ms gives ~1 ms.
                .setJournalBufferTimeout_NIO(100_000)
                // Two journal files are made up front: 2 x 2 MiB instead of 2 x 10 MiB. Messages too large for the
                // journal's write buffer (490 KiB) go to large-messages/ anyway.
                .setJournalFileSize(2 << 20)
                .setJournalDirectory(files.resolve("journal").toString())
                .setBindingsDirectory(files.resolve("bindings").toString())
                .setPagingDirectory(files.resolve("paging").toString())
                .setLargeMessagesDirectory(files.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(files.toString());

        // Without dead-letter and expiry addresses Artemis warns once per queue.
        c.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(EXPIRED))
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE));
        for (String deadEnd : new String[] {DEAD_LETTERS, EXPIRED}) {
            c.addAddressSetting(deadEnd, new AddressSettings()
                    .setMaxSizeBytes(DEAD_END_BYTES).setAddressFullMessagePolicy(AddressFullMessagePolicy.DROP));
            c.addAddressConfiguration(new CoreAddressConfiguration().setName(deadEnd).addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(deadEnd).setRoutingType(RoutingType.ANYCAST)));
        }
        c.addAcceptorConfiguration(mqttAcceptor(settings, "mqtt", settings.port(), Map.of()));
        BrokerSettings.Tls tls = settings.tls();
        if (tls != null) {
            c.addAcceptorConfiguration(mqttAcceptor(settings, "mqtts", tls.port(), Map.of(
                    TransportConstants.SSL_ENABLED_PROP_NAME, true,
                    TransportConstants.KEYSTORE_PATH_PROP_NAME, tls.keyStore().toString(),
                    TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, tls.password(),
                    TransportConstants.KEYSTORE_TYPE_PROP_NAME, tls.type())));
        }
        return c;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Path spillFolder(Path data) {
        return data.resolve("spill");
    }

    private static TransportConfiguration mqttAcceptor(BrokerSettings settings, String name, int port, Map<String, Object> tls) {
        Map<String, Object> netty = new HashMap<>(Map.of(
                "host", settings.host(),
                "port", port,
                "protocols", "MQTT",
                // Netty's native transports are not embedded: do not even probe for them.
                "useEpoll", false,
                "useKQueue", false));
        netty.putAll(tls);
        Map<String, Object> mqtt = new HashMap<>(Map.of(
                // Paho 1.2.5 loops reconnecting when it resends in-flight QoS 1 messages with aliases (#1104).
                "topicAliasMaximum", 0,
                "maximumPacketSize", settings.maxMessageBytes()));
        return new TransportConfiguration(NettyAcceptorFactory.class.getName(), netty, name, mqtt);
    }
}
