package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.access.Grants;
import dev.cairn.bus.access.Grants.Action;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BundleBusTest {
    private final LocalBus bus = new LocalBus();
    private final Refusals refusals = new Refusals();
    private final BundleBus orders = new BundleBus(bus, new Gate("dev.cairn.examples.orders", Grants.of(Map.of(
            Action.PUBLISH, List.of("orders/new"), Action.CALL, List.of("payments/authorize"),
            Action.SUBSCRIBE, List.of("payments/#"))), null, refusals));

    @Test
    void whatIsGrantedGoesThrough() {
        List<Object> got = new ArrayList<>();
        bus.subscribe("orders/new", String.class, (t, s) -> got.add(s));
        bus.handle("payments/authorize", String.class, s -> "ok " + s);

        orders.publish("orders/new", "o1");
        orders.subscribe("payments/+", String.class, (t, s) -> got.add(s));
        bus.publish("payments/done", "p1");

        assertThat(got).containsExactly("o1", "p1");
        assertThat(orders.request("payments/authorize", "o1", String.class, Duration.ofSeconds(1)).toCompletableFuture().join()).isEqualTo("ok o1");
        assertThat(refusals.problem("dev.cairn.examples.orders")).isNull();
    }

    @Test
    void aPublishOutsideTheGrantsIsRefusedWithTheTopicNamedAndReachesNobody() {
        List<Object> got = new ArrayList<>();
        bus.subscribe("sensors/#", String.class, (t, s) -> got.add(s));

        assertThatThrownBy(() -> orders.publish("sensors/gh", "99.0"))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_GRANTED))
                .hasMessage("bundle dev.cairn.examples.orders may not publish 'sensors/gh': not within its @BusGrants"
                        + " (publish orders/new; subscribe payments/#; call payments/authorize)");
        assertThat(got).isEmpty();
        assertThat(bus.stats()).doesNotContainKey("sensors/gh");
    }

    @Test
    void eachActionIsCheckedOnItsOwn() {
        bus.handle("payments/refund", String.class, s -> s);
        CompletableFuture<String> call = orders.request("payments/refund", "o1", String.class, Duration.ofSeconds(1)).toCompletableFuture();
        assertThat(call).isCompletedExceptionally();
        assertThatThrownBy(call::join).hasCauseInstanceOf(BusException.class).hasMessageContaining("may not call 'payments/refund'");
        assertThatThrownBy(() -> orders.handle("payments/authorize", String.class, s -> s)).hasMessageContaining("may not serve");
        assertThatThrownBy(() -> orders.subscribe("#", String.class, (t, s) -> { })).hasMessageContaining("may not subscribe to '#'");

        assertThat(refusals.problem("dev.cairn.examples.orders")).startsWith("the bus refused 3 calls, the last: ");
        assertThat(refusals.counts()).extracting(Refusals.Count::action).containsExactlyInAnyOrder(Action.CALL, Action.SERVE, Action.SUBSCRIBE);
    }

    @Test
    void aRepeatedRefusalIsRefusedEveryTimeAndCountedEveryTime() {
        for (int i = 0; i < 3; i++) assertThatThrownBy(() -> orders.publish("orders/old", "x")).isInstanceOf(BusException.class);
        assertThat(refusals.counts()).singleElement().extracting(Refusals.Count::count).isEqualTo(3L);
    }

    @Test
    void notEnforcedRefusalsAreCountedButLetThrough() {
        refusals.enforce(false);
        List<Object> got = new ArrayList<>();
        bus.subscribe("sensors/#", String.class, (t, s) -> got.add(s));

        orders.publish("sensors/gh", "99.0");
        orders.publish("sensors/gh", "98.0");

        assertThat(got).containsExactly("99.0", "98.0");
        assertThat(refusals.problem("dev.cairn.examples.orders")).startsWith("the bus would refuse (grants not enforced) 2 calls");
    }

    @Test
    void grantsThatCannotBeReadAllowNothing() {
        BundleBus broken = new BundleBus(bus, new Gate("it.broken", Grants.NONE, "publish: 'a/#/b' is not a topic filter", refusals));
        assertThatThrownBy(() -> broken.publish("a/x", "x")).hasMessageContaining("its grants cannot be read: publish: 'a/#/b'");
    }
}
