package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtemisConfigurationTest {
    static final Path DATA = Path.of("/var/lib/cairn/broker");

    @Test
    void oneMqttAcceptorWithoutTopicAliasesAndWithTheMessageLimit() {
        Configuration c = ArtemisConfiguration.of(BrokerSettings.of(TestConfig.port(1884).maxMessageKb(64)), DATA);

        assertThat(c.getAcceptorConfigurations()).hasSize(1);
        TransportConfiguration acceptor = c.getAcceptorConfigurations().iterator().next();
        assertThat(acceptor.getParams()).containsEntry("host", "127.0.0.1").containsEntry("port", 1884)
                .containsEntry("protocols", "MQTT").containsEntry("useEpoll", false);
        assertThat(acceptor.getExtraParams()).containsEntry("topicAliasMaximum", 0)
                .containsEntry("maximumPacketSize", 64 * 1024);
    }

    @Test
    void withAuthenticationSecurityIsOnWithoutCachesAndArtemissClusterLoginIsNoLongerItsDefault() {
        Configuration c = ArtemisConfiguration.of(BrokerSettings.of(TestConfig.port(1883).authentication(true)), DATA);

        assertThat(c.isSecurityEnabled()).isTrue();
        assertThat(c.getAuthenticationCacheSize()).isZero();
        assertThat(c.getAuthorizationCacheSize()).isZero();
        assertThat(c.getClusterUser()).isNotEqualTo(ActiveMQDefaultConfiguration.getDefaultClusterUser());
        assertThat(c.getClusterPassword()).isNotEqualTo(ActiveMQDefaultConfiguration.getDefaultClusterPassword()).hasSizeGreaterThan(40);
        // CoreTopics converts addresses back with the default wildcard syntax
        assertThat(c.getWildcardConfiguration()).isEqualTo(WildcardConfiguration.DEFAULT_WILDCARD_CONFIGURATION);
    }

    @Test
    void aTlsPortIsASecondAcceptorWithTheKeyStore(@TempDir Path dir) throws Exception {
        Path keyStore = Files.createFile(dir.resolve("broker.p12"));
        Configuration c = ArtemisConfiguration.of(BrokerSettings.of(TestConfig.port(1883).tls(8883, keyStore, "pw")), DATA);

        assertThat(c.getAcceptorConfigurations()).extracting(TransportConfiguration::getName).containsExactlyInAnyOrder("mqtt", "mqtts");
        TransportConfiguration tls = c.getAcceptorConfigurations().stream().filter(t -> t.getName().equals("mqtts")).findFirst().orElseThrow();
        assertThat(tls.getParams()).containsEntry("port", 8883).containsEntry("sslEnabled", true)
                .containsEntry("keyStorePath", keyStore.toString()).containsEntry("keyStorePassword", "pw")
                .containsEntry("keyStoreType", "PKCS12").containsEntry("protocols", "MQTT");
        assertThat(tls.getExtraParams()).containsEntry("topicAliasMaximum", 0);
    }

    @Test
    void noSecurityNoJmxAndDeadLetterAndExpiryAddressesForEveryAddress() {
        Configuration c = ArtemisConfiguration.of(BrokerSettings.of(TestConfig.port(1883)), DATA);

        assertThat(c.isSecurityEnabled()).isFalse();
        assertThat(c.isJMXManagementEnabled()).isFalse();
        AddressSettings all = c.getAddressSettings().get("#");
        assertThat(all.getDeadLetterAddress().toString()).isEqualTo("DLQ");
        assertThat(all.getExpiryAddress().toString()).isEqualTo("ExpiryQueue");
        assertThat(c.getAddressConfigurations()).extracting(a -> a.getName()).containsExactly("DLQ", "ExpiryQueue");
    }

    @Test
    void inMemoryOnlyTheOverflowGoesToDisk() {
        Configuration c = ArtemisConfiguration.of(BrokerSettings.of(TestConfig.port(1883).memoryMb(8)), DATA);

        assertThat(c.isPersistenceEnabled()).isFalse();
        assertThat(c.getGlobalMaxSize()).isEqualTo(8L << 20);
        assertThat(c.getPagingLocation().toPath()).isEqualTo(DATA.resolve("spill/paging"));
        assertThat(c.getMaxDiskUsage()).isEqualTo(-1);
    }

    @Test
    void persistentTheJournalIsNioInTheDataFolderWithShortWriteBatching() {
        Configuration c = ArtemisConfiguration.of(BrokerSettings.of(TestConfig.port(1883).persistent(true)), DATA);

        assertThat(c.isPersistenceEnabled()).isTrue();
        assertThat(c.getJournalType()).isEqualTo(JournalType.NIO);
        assertThat(c.getJournalBufferTimeout_NIO()).isEqualTo(100_000);
        assertThat(c.getJournalLocation().toPath()).isEqualTo(DATA.resolve("journal"));
        assertThat(c.getBindingsLocation().toPath()).isEqualTo(DATA.resolve("bindings"));
        assertThat(c.getLargeMessagesLocation().toPath()).isEqualTo(DATA.resolve("large-messages"));
    }
}
