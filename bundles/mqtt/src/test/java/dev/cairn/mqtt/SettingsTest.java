package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void theDefaultsWorkAndACfgFileListOfBrokersIsSplit() {
        Settings s = Settings.of(Configs.mqtt("broker.urls", "tcp://10.0.0.1:1883, tcp://10.0.0.2:1883"));

        assertThat(s.brokers()).containsExactly(URI.create("tcp://10.0.0.1:1883"), URI.create("tcp://10.0.0.2:1883"));
        assertThat(s.prefix()).isEqualTo("cairn");
        assertThat(s.eventsQos()).isEqualTo(1);
        assertThat(s.maxPayload()).isEqualTo(256 * 1024);
        assertThat(s.outboxFull()).isEqualTo(OutboxFull.DROP_OLDEST);
        assertThat(s.tls()).isNull();
    }

    @Test
    void thePasswordNeverShowsInTheSettingsText() {
        Settings s = Settings.of(Configs.mqtt("username", "node", ".password", "s3cret"));

        assertThat(s.toString()).doesNotContain("s3cret").contains("***");
    }

    @Test
    void aPasswordFileOfTheNodesUserOnlyGivesThePassword(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mqtt.password");
        Files.writeString(file, "s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Settings s = Settings.of(Configs.mqtt("username", "node", "password.file", file.toString()));

        assertThat(new String(s.password().chars())).isEqualTo("s3cret");
    }

    @Test
    void aPasswordFileOthersCanReadIsRefusedSayingHowToFixIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mqtt.password");
        Files.writeString(file, "s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> Settings.of(Configs.mqtt("username", "node", "password.file", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessage("password.file: " + file + " can be read or written by"
                        + " others than the node's user: chmod 600 " + file);
        assertThatThrownBy(() -> Settings.of(Configs.mqtt("username", "node", "password.file", dir.resolve("none").toString())))
                .hasMessageStartingWith("password.file: cannot read " + dir.resolve("none") + ": NoSuchFileException");
        assertThatThrownBy(() -> Settings.of(Configs.mqtt("username", "node", "password.file", file.toString(), ".password", "x")))
                .hasMessage("password.file: and .password are both set: keep one");
    }

    static Stream<Arguments> wrong() {
        return Stream.of(
                Arguments.of(Map.of("broker.urls", new String[0]), "broker.urls"),
                Arguments.of(Map.of("broker.urls", "http://broker:80"), "broker.urls"),
                Arguments.of(Map.of("broker.urls", "tcp://broker"), "broker.urls"),
                Arguments.of(Map.of("keepalive.seconds", -1), "keepalive.seconds"),
                Arguments.of(Map.of("fleet.prefix", "a/b"), "fleet.prefix"),
                Arguments.of(Map.of("fleet.prefix", "#"), "fleet.prefix"),
                Arguments.of(Map.of("events.qos", 2), "events.qos"),
                Arguments.of(Map.of("request.timeout.ms", 0L), "request.timeout.ms"),
                Arguments.of(Map.of("payload.max.bytes", 0), "payload.max.bytes"),
                Arguments.of(Map.of("outbox.max.bytes", 1000L), "outbox.max.bytes"),
                Arguments.of(Map.of("outbox.max.messages", 0), "outbox.max.messages"),
                Arguments.of(Map.of("reconnect.initial.ms", 500L, "reconnect.max.ms", 100L), "reconnect.max.ms"),
                Arguments.of(Map.of(".password", "x"), "username"),
                Arguments.of(Map.of("tls.truststore.path", "/etc/ca.p12"), "broker.urls"),
                Arguments.of(Map.of("broker.urls", "ssl://broker:8883", "tls.truststore.path", "/no/such/file.p12"), "tls.truststore.path"));
    }

    @ParameterizedTest
    @MethodSource("wrong")
    void aValueThatCannotWorkFailsActivationNamingItsProperty(Map<String, Object> config, String field) {
        assertThatThrownBy(() -> Settings.of(Configs.mqtt(config)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    @Test
    void aNodeIdThatCannotBeATopicLevelIsRefused() {
        assertThatThrownBy(() -> new NodeIdentity("a/b", "1", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo("cairn.node.id"));
        assertThat(NodeIdentity.fromFramework(Map.of("cairn.node.id", "gw-1", "cairn.node.labels", "zone=a,role=gw")::get).labels())
                .containsExactly(Map.entry("zone", "a"), Map.entry("role", "gw"));
    }
}
