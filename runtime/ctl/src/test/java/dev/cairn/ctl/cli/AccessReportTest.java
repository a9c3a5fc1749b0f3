package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bus.access.FleetAcl;
import dev.cairn.bus.access.FleetAcl.Access;
import dev.cairn.bus.access.Grants;
import dev.cairn.ctl.NodeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessReportTest {
    static final Grants SENSORS = Grants.of(Map.of(Grants.Action.PUBLISH, List.of("sensors/#")));

    @Test
    void everyPlatformRuleSaysWhyItIsThereAndTheRestAreBundleGrants() {
        BrokerClient node = new BrokerClient("n1", BrokerClient.Role.NODE, FleetAcl.node("cairn", "n1", SENSORS).rules(), List.of());
        assertThat(AccessReport.rules("cairn", node)).extracting(AccessReport.RuleRow::why)
                .containsExactly("presence", "own replies", "management", "answers", "management", "management", "bundle grant");
        BrokerClient operator = new BrokerClient("alice", BrokerClient.Role.OPERATOR, FleetAcl.operator("cairn").rules(), List.of());
        assertThat(AccessReport.rules("cairn", operator)).extracting(AccessReport.RuleRow::why)
                .containsExactly("management", "presence", "node logs", "own replies", "end of presence");
    }

    @Test
    void theFirstRuleThatCoversAFilterDecidesAndNothingCoveringItRefuses() {
        List<FleetAcl.Rule> rules = FleetAcl.node("cairn", "n1", Grants.of(Map.of(Grants.Action.SERVE, List.of("#")))).rules();
        assertThat(AccessReport.permits(rules, Access.SUBSCRIBE, "cairn/svc/payments/authorize")).isTrue();
        assertThat(AccessReport.permits(rules, Access.SUBSCRIBE, "cairn/svc/mgmt/other")).isFalse();
        assertThat(AccessReport.permits(rules, Access.SUBSCRIBE, "cairn/svc/mgmt/n1")).isTrue();
        assertThat(AccessReport.permits(rules, Access.PUBLISH, "cairn/bus/x")).isFalse();
    }

    @Test
    void bundlesGrantsAreCheckedAsTheTopicsTheyComeTo() {
        List<FleetAcl.Rule> rules = FleetAcl.node("cairn", "n1", SENSORS).rules();
        NodeStatus status = new NodeStatus("n1", "online", "1", Map.of(), null, List.of(), List.of(
                Map.of("name", "a", "version", "1", "grants", Map.of("publish", List.of("sensors/gh/t"), "call", List.of("climate/now"))),
                Map.of("name", "quiet", "version", "1"),
                Map.of("name", "bad", "version", "1", "grants", Map.of("subscribe", List.of("a/#/b")))), null);

        List<AccessReport.BundleRow> rows = AccessReport.bundles("cairn", rules, status);

        assertThat(rows).extracting(AccessReport.BundleRow::name).containsExactly("a", "bad");
        assertThat(rows.get(0).declared()).containsExactly(new AccessReport.Declared("publish", "sensors/gh/t", "cairn/bus/sensors/gh/t", true),
                new AccessReport.Declared("call", "climate/now", "cairn/svc/climate/now", false));
        assertThat(rows.get(1).problem()).contains("'a/#/b' is not a topic filter");
    }

    @Test
    void aCfgFileKeepsItsOtherLinesAndGetsTheKeysWhereTheyStood(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("dev.cairn.mqtt.cfg");
        Files.writeString(cfg, "# fleet broker\nbroker.urls = tcp://h:1883\nusername=old\n.password : secret\n\nkeepAlive.seconds = 30\n");

        BrokerClients.CfgLines.put(cfg, new java.util.LinkedHashMap<>(Map.of("username", "n1")), List.of(".password"));

        assertThat(Files.readString(cfg, StandardCharsets.UTF_8))
                .isEqualTo("# fleet broker\nbroker.urls = tcp://h:1883\nusername = n1\n\nkeepAlive.seconds = 30\n");
    }

    @Test
    void brokerConfigPrintsTheLinesAFleetsMosquittoNeeds() {
        assertThat(BrokerConfig.lines(BrokerConfig.DEBIAN_PLUGIN, Path.of("/var/lib/mosquitto/d.json"), 1883)).contains("allow_anonymous false",
                "plugin " + BrokerConfig.DEBIAN_PLUGIN, "plugin_opt_config_file /var/lib/mosquitto/d.json", "set_tcp_nodelay true",
                "max_topic_alias 0", "max_queued_messages 0");
    }
}
