package dev.cairn.bus.access;

import static dev.cairn.bus.access.FleetAcl.Access.PUBLISH;
import static dev.cairn.bus.access.FleetAcl.Access.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bus.access.Grants.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetAclTest {
    private final FleetAcl shop2 = FleetAcl.node("cairn", "shop-2", Grants.of(Map.of(
            Action.SERVE, List.of("payments/authorize"), Action.PUBLISH, List.of("payments/done"))));

    @Test
    void aNodeWritesOnlyItsOwnPresenceAndReadsOnlyItsOwnReplies() {
        assertThat(shop2.permits(PUBLISH, "cairn/node/shop-2/status")).isTrue();
        assertThat(shop2.permits(PUBLISH, "cairn/node/shop-1/status")).isFalse();
        assertThat(shop2.permits(SUBSCRIBE, "cairn/reply/shop-2")).isTrue();
        assertThat(shop2.permits(SUBSCRIBE, "cairn/reply/shop-1")).isFalse();
        assertThat(shop2.permits(SUBSCRIBE, "cairn/reply/+")).isFalse();
        assertThat(shop2.permits(PUBLISH, "cairn/reply/cairnctl-1a2b")).isTrue();
    }

    @Test
    void aNodeWritesItsOwnLogLinesAndReadsNoNodesLog() {
        assertThat(shop2.permits(PUBLISH, "cairn/node/shop-2/logs/cairnctl-1a2b")).isTrue();
        assertThat(shop2.permits(PUBLISH, "cairn/node/shop-1/logs/cairnctl-1a2b")).isFalse();
        assertThat(shop2.permits(SUBSCRIBE, "cairn/node/shop-1/logs/#")).isFalse();
        assertThat(shop2.permits(SUBSCRIBE, "cairn/node/shop-2/logs/#")).isFalse();
        FleetAcl wide = FleetAcl.node("cairn", "n1", Grants.of(Map.of(Action.SUBSCRIBE, List.of("#"))));
        assertThat(wide.permits(SUBSCRIBE, "cairn/node/shop-1/logs/#")).isFalse();
        assertThat(wide.permits(SUBSCRIBE, "cairn/#")).isFalse();
    }

    @Test
    void bundleGrantsMapOntoTheFleetsTopics() {
        assertThat(shop2.permits(SUBSCRIBE, "$share/cairn/cairn/svc/payments/authorize")).isTrue();
        assertThat(shop2.permits(PUBLISH, "cairn/bus/payments/done")).isTrue();
        assertThat(shop2.permits(PUBLISH, "cairn/bus/sensors/gh")).isFalse();
        assertThat(shop2.permits(PUBLISH, "cairn/svc/payments/authorize")).isFalse();
        assertThat(shop2.permits(SUBSCRIBE, "cairn/bus/#")).isFalse();
        assertThat(shop2.permits(SUBSCRIBE, "other/bus/payments/done")).isFalse();
    }

    @Test
    void managementIsOnlyEverOneselfsEvenUnderAWideGrant() {
        FleetAcl wide = FleetAcl.node("cairn", "n1", Grants.of(Map.of(Action.SERVE, List.of("#"), Action.CALL, List.of("#"))));
        assertThat(wide.permits(SUBSCRIBE, "$share/cairn/cairn/svc/mgmt/n1")).isTrue();
        assertThat(wide.permits(SUBSCRIBE, "$share/cairn/cairn/svc/mgmt/n2")).isFalse();
        assertThat(wide.permits(PUBLISH, "cairn/svc/mgmt/n2")).isFalse();
        assertThat(wide.permits(SUBSCRIBE, "cairn/svc/shop/x")).isTrue();
    }

    @Test
    void anOperatorManagesAndReadsPresenceButIsNoService() {
        FleetAcl ops = FleetAcl.operator("cairn");
        assertThat(ops.permits(PUBLISH, "cairn/svc/mgmt/n1")).isTrue();
        assertThat(ops.permits(SUBSCRIBE, "cairn/node/+/status")).isTrue();
        assertThat(ops.permits(SUBSCRIBE, "cairn/reply/cairnctl-00ff")).isTrue();
        assertThat(ops.permits(SUBSCRIBE, "cairn/node/n1/logs/cairnctl-00ff")).isTrue();
        assertThat(ops.permits(PUBLISH, "cairn/node/n1/logs/cairnctl-00ff")).isFalse();
        assertThat(ops.permits(PUBLISH, "cairn/node/n1/status")).isFalse();
        assertThat(ops.permits(PUBLISH, FleetAcl.presenceEnd("cairn"))).isTrue();
        assertThat(FleetAcl.presenceEnd("cairn")).isEqualTo("cairn/node/_end/status");
        assertThat(ops.permits(PUBLISH, "cairn/bus/sensors/gh")).isFalse();
    }

    @Test
    void aMalformedShareIsRefused() {
        assertThat(shop2.permits(SUBSCRIBE, "$share/cairn")).isFalse();
    }
}
