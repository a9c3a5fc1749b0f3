package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSettingsTest {
    @TempDir
    Path home;

    private Path conf(String text) throws Exception {
        Path file = home.resolve("conf/cairn.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void fileThenEnvironmentThenFlagsEachOverrideTheOneBefore() throws Exception {
        Path conf = conf("node.id=from-file\nlog.level=DEBUG\ndeploy.poll.ms=500\n");
        NodeSettings s = NodeSettings.resolve(home, conf,
                Map.of("CAIRN_NODE_ID", "from-env", "CAIRN_LOG_LEVEL", "WARN"),
                Map.of("node.id", "from-flag"));

        assertThat(s.nodeId()).isEqualTo("from-flag");
        assertThat(s.get(Setting.LOG_LEVEL)).isEqualTo("WARN");
        assertThat(s.getLong(Setting.DEPLOY_POLL_MS)).isEqualTo(500);
        assertThat(s.get(Setting.STOP_TIMEOUT_MS)).isEqualTo("10000");
    }

    @Test
    void withoutAFileTheDefaultsHoldAndTheNodeIsNamedAfterTheHost() {
        NodeSettings s = NodeSettings.resolve(home, home.resolve("missing.properties"), Map.of(), Map.of());

        assertThat(s.nodeId()).isEqualTo(HostName.get()).isNotBlank();
        assertThat(s.dir(Setting.DEPLOY_DIR)).isEqualTo(home.resolve("deploy"));
        assertThat(s.controlSocket()).isEqualTo(home.resolve("data/cairn.sock"));
    }

    @Test
    void absoluteFoldersStayAsTheyAreAndFrameworkKeysPassThrough() throws Exception {
        Path conf = conf("data.dir=/var/lib/cairn\nfelix.cache.bufsize=8192\norg.osgi.framework.bootdelegation=sun.*\nother=x\n");
        NodeSettings s = NodeSettings.resolve(home, conf, Map.of(), Map.of());

        assertThat(s.dir(Setting.DATA_DIR)).isEqualTo(Path.of("/var/lib/cairn"));
        assertThat(s.frameworkProperties())
                .containsOnly(Map.entry("felix.cache.bufsize", "8192"), Map.entry("org.osgi.framework.bootdelegation", "sun.*"));
    }

    @Test
    void aWrongValueIsRefusedWithTheSettingNamed() {
        Path none = home.resolve("none");
        assertThatThrownBy(() -> NodeSettings.resolve(home, none, Map.of("CAIRN_NODE_ID", "pi 3"), Map.of()))
                .hasMessageContaining("node.id 'pi 3' is not valid");
        assertThatThrownBy(() -> NodeSettings.resolve(home, none, Map.of(), Map.of("log.level", "LOUD")))
                .hasMessageContaining("log.level must be ERROR, WARN, INFO or DEBUG, not 'LOUD'");
        assertThatThrownBy(() -> NodeSettings.resolve(home, none, Map.of(), Map.of("node.labels", "role sensor")))
                .hasMessageContaining("node.labels 'role sensor' is not valid");
        assertThat(NodeSettings.resolve(home, none, Map.of(), Map.of("node.labels", "role=sensor, site=gh-1")).get(Setting.NODE_LABELS))
                .isEqualTo("role=sensor, site=gh-1");
        assertThatThrownBy(() -> NodeSettings.resolve(home, none, Map.of(), Map.of("deploy.poll.ms", "-5")))
                .hasMessageContaining("deploy.poll.ms must be a positive whole number, not '-5'");
    }

    @Test
    void everySettingHasAnEnvironmentVariableAndAFlagDerivedFromItsKey() {
        assertThat(Setting.NODE_ID.envName()).isEqualTo("CAIRN_NODE_ID");
        assertThat(Setting.NODE_ID.flag()).isEqualTo("--node-id");
        assertThat(Setting.LOG_FILE_SIZE_MB.envName()).isEqualTo("CAIRN_LOG_FILE_SIZE_MB");
    }
}
