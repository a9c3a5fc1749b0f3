package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.ctl.CtlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fleet.yaml parsing and the difference between desired and actual state. */
class PlanTest {
    @TempDir
    Path dir;

    Path yaml(String text) throws Exception {
        Files.createDirectories(dir.resolve("examples"));
        for (String jar : List.of("shop-api.jar", "orders.jar", "payments.jar", "hello.jar"))
            Files.writeString(dir.resolve("examples").resolve(jar), jar);
        return Files.writeString(dir.resolve("fleet.yaml"), text);
    }

    @Test
    void aFleetFileNamesNodesAndGroupsWhoseWishesAreMerged() throws Exception {
        FleetFile f = FleetFile.read(yaml("""
                bundles:
                  shop-api: examples/shop-api.jar
                  orders: examples/orders.jar
                  hello: examples/hello.jar
                nodes:
                  shop-1:
                    bundles: [shop-api, orders]
                    config:
                      dev.cairn.examples.orders: {demo.orders: 5, interval.ms: 500}
                groups:
                  - selector: {role: edge}
                    bundles: [hello]
                    config:
                      dev.cairn.examples.orders: {interval.ms: 100, note: edge}
                """));

        FleetFile.Desired shop1 = f.desired("shop-1", Map.of("role", "edge"));
        FleetFile.Desired other = f.desired("edge-9", Map.of("role", "edge"));

        assertThat(shop1.bundles()).containsOnlyKeys("hello.jar", "shop-api.jar", "orders.jar");
        assertThat(shop1.bundles().get("orders.jar")).isEqualTo(dir.resolve("examples/orders.jar").toAbsolutePath().normalize());
        assertThat(shop1.config().get("dev.cairn.examples.orders"))
                .containsEntry("demo.orders", 5L).containsEntry("interval.ms", 500L).containsEntry("note", "edge");
        assertThat(other.bundles()).containsOnlyKeys("hello.jar");
        assertThat(f.targets("edge-9", Map.of("role", "edge"))).isTrue();
        assertThat(f.targets("core-1", Map.of("role", "core"))).isFalse();
    }

    @Test
    void mistakesInTheFileAreNamed() throws Exception {
        assertThatThrownBy(() -> FleetFile.read(yaml("bundles:\n  a: examples/missing.jar\nnodes:\n  n: {bundles: [a]}\n")))
                .isInstanceOf(CtlException.class).hasMessageContaining("bundles.a: no file");
        assertThatThrownBy(() -> FleetFile.read(yaml("bundles:\n  a: examples/orders.jar\nnodes:\n  n: {bundles: [b]}\n")))
                .hasMessageContaining("nodes.n.bundles: 'b' is not under bundles:");
        assertThatThrownBy(() -> FleetFile.read(yaml("nodez: {}\n"))).hasMessageContaining("unknown key 'nodez'");
        assertThatThrownBy(() -> FleetFile.read(yaml("groups:\n  - bundles: []\n"))).hasMessageContaining("needs a selector");
        assertThatThrownBy(() -> FleetFile.read(yaml("nodes:\n  n:\n    config:\n      p: {k: {x: 1}}\n")))
                .hasMessageContaining("nodes.n.config.p.k must be a string, number, boolean or list");
    }

    @Test
    void onlyDifferencesArePlannedAndSystemBundlesAreNeverRemoved() {
        Map<String, Plan.LocalJar> desired = new LinkedHashMap<>();
        desired.put("shop-api.jar", new Plan.LocalJar(Path.of("shop-api.jar"), "aa"));
        desired.put("orders.jar", new Plan.LocalJar(Path.of("orders.jar"), "bb"));
        desired.put("payments.jar", new Plan.LocalJar(Path.of("payments.jar"), "cc"));
        List<Map<String, Object>> actual = List.of(
                bundle(0, "org.apache.felix.framework", null, null),
                bundle(5, "dev.cairn.bus", null, null),
                bundle(11, "shop.api", "shop-api.jar", "AA"),
                bundle(12, "orders", "orders.jar", "old"),
                bundle(13, "hello", "hello.jar", "dd"));
        Map<String, Map<String, Object>> config = Map.of(
                "dev.cairn.examples.orders", Map.of("demo.orders", 5L, "interval.ms", 500L),
                "dev.cairn.examples.payments", Map.of("limit", 100L),
                "dev.cairn.mqtt", Map.of("password", "x"));
        List<Map<String, Object>> actualConfig = List.of(
                Map.of("pid", "dev.cairn.examples.orders", "properties", Map.of("demo.orders", 5, "interval.ms", 250)),
                Map.of("pid", "dev.cairn.examples.payments", "properties", Map.of("limit", "100", Plan.MANAGED, "dev.cairn.examples.payments")),
                Map.of("pid", "dev.cairn.mqtt", "properties", Map.of("password", "******")));

        List<Plan.Change> plan = Plan.compute(desired, config, actual, actualConfig);

        assertThat(plan).extracting(c -> c.action() + " " + c.item()).containsExactlyInAnyOrder(
                "REMOVE hello.jar", "CONFIGURE dev.cairn.examples.orders", "CONFIGURE dev.cairn.mqtt",
                "UPDATE orders.jar", "INSTALL payments.jar", "UNCHANGED shop-api.jar", "UNCHANGED dev.cairn.examples.payments");
        assertThat(plan.get(0).action()).isEqualTo(Plan.Action.REMOVE);
        assertThat(plan.get(0).bundleId()).isEqualTo(13);
        assertThat(plan).filteredOn(c -> c.item().equals("dev.cairn.examples.orders")).first()
                .extracting(Plan.Change::detail).isEqualTo("interval.ms");
    }

    @Test
    void configurationsAnEarlierApplySetAreDeletedWhenTheFileNoLongerListsThemAndNoOthers() {
        Map<String, Map<String, Object>> config = Map.of("dev.cairn.examples.orders", Map.of("interval.ms", 500L));
        List<Map<String, Object>> actualConfig = List.of(
                Map.of("pid", "dev.cairn.examples.orders", "properties", Map.of("interval.ms", 500L)),
                Map.of("pid", "dev.cairn.examples.payments", "properties", Map.of("limit.cents", 100L, Plan.MANAGED, "dev.cairn.examples.payments")),
                Map.of("pid", "dev.cairn.sensors.simulated~attic", "factoryPid", "dev.cairn.sensors.simulated",
                        "properties", Map.of("name", "attic", Plan.MANAGED, "dev.cairn.sensors.simulated-attic")),
                Map.of("pid", "dev.cairn.mqtt", "properties", Map.of("broker.urls", "tcp://10.0.0.5:1883")));

        List<Plan.Change> plan = Plan.compute(Map.of(), config, List.of(), actualConfig);

        assertThat(plan).extracting(c -> c.action() + " " + c.item()).containsExactly(
                "DELETE dev.cairn.examples.payments", "DELETE dev.cairn.sensors.simulated~attic", "CONFIGURE dev.cairn.examples.orders");
        Plan.Change marking = plan.get(2);
        assertThat(marking.detail()).isEqualTo("the fleet file's from now on");
        assertThat(marking.properties()).containsEntry(Plan.MANAGED, "dev.cairn.examples.orders").containsEntry("interval.ms", 500L);
    }

    @Test
    void factoryConfigurationsAreFoundByFactoryPidAndName() {
        List<Map<String, Object>> actual = List.of(Map.of("pid", "dev.cairn.sensors.simulated~greenhouse",
                "factoryPid", "dev.cairn.sensors.simulated", "properties", Map.of("interval.ms", 1000)));
        assertThat(Plan.properties(actual, "dev.cairn.sensors.simulated-greenhouse")).containsEntry("interval.ms", 1000);
        assertThat(Plan.properties(actual, "dev.cairn.sensors.simulated-attic")).isNull();
    }

    private static Map<String, Object> bundle(int id, String name, String file, String sha) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", id);
        b.put("name", name);
        b.put("version", "1.0.0");
        b.put("state", "ACTIVE");
        b.put("file", file);
        b.put("sha256", sha);
        return b;
    }
}
