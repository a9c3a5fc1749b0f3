package dev.cairn.bus.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.access.Grants.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantsTest {
    /** As bnd writes it for {@code @BusGrants(publish = "orders/new", call = "payments/authorize")}, beside a service capability. */
    private static final String ORDERS = "osgi.service;objectClass:List<String>=\"dev.cairn.Orders\";uses:=\"dev.cairn\","
            + "cairn.bus.grants;call:List<String>=\"payments/authorize\";publish:List<String>=\"orders/new\"";

    @Test
    void readsTheCapabilityOfAManifest() {
        Grants g = Grants.fromManifest(ORDERS);
        assertThat(g.of(Action.PUBLISH)).containsExactly("orders/new");
        assertThat(g.of(Action.CALL)).containsExactly("payments/authorize");
        assertThat(g.of(Action.SUBSCRIBE)).isEmpty();
        assertThat(g.permits(Action.PUBLISH, "orders/new")).isTrue();
        assertThat(g.permits(Action.PUBLISH, "payments/done")).isFalse();
        assertThat(g.permits(Action.SERVE, "payments/authorize")).isFalse();
    }

    @Test
    void severalCapabilitiesAndListsAddUp() {
        Grants g = Grants.fromManifest("cairn.bus.grants;subscribe:List<String>=\"sensors/#,greenhouse/alerts\","
                + "cairn.bus.grants;serve:List<String>=\"climate/now\";subscribe=\"greenhouse/alerts\"");
        assertThat(g.of(Action.SUBSCRIBE)).containsExactly("sensors/#", "greenhouse/alerts");
        assertThat(g.permits(Action.SUBSCRIBE, "sensors/+/t")).isTrue();
        assertThat(g.permits(Action.SERVE, "climate/now")).isTrue();
    }

    @Test
    void noCapabilityGrantsNothing() {
        assertThat(Grants.fromManifest(null)).isEqualTo(Grants.NONE);
        assertThat(Grants.fromManifest("osgi.service;objectClass:List<String>=\"x\"").isEmpty()).isTrue();
        assertThat(Grants.NONE.permits(Action.PUBLISH, "a")).isFalse();
    }

    @Test
    void aMalformedFilterIsNamed() {
        assertThatThrownBy(() -> Grants.fromAttributes(Map.of("publish", List.of("orders/#/x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("publish: 'orders/#/x' is not a topic filter: '#' must be the last level");
    }

    @Test
    void unionKeepsEachFilterOnce() {
        Grants a = Grants.of(Map.of(Action.PUBLISH, List.of("a", "b")));
        Grants b = Grants.of(Map.of(Action.PUBLISH, List.of("b", "c"), Action.CALL, List.of("x")));
        assertThat(a.union(b).of(Action.PUBLISH)).containsExactly("a", "b", "c");
        assertThat(a.union(b).toString()).isEqualTo("publish a, b, c; call x");
    }
}
