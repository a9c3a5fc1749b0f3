package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.access.FleetAcl.Access;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientTest {
    static final String HASH = TestFleet.hash("right");

    @Test
    void aNodesRightsAreFleetAclsForItsNameAndGrants() {
        Client c = Client.of(TestClientConfig.node("gh", HASH).publish("sensors/gh").serve("climate/+"));
        var acl = c.acl("farm");
        assertThat(acl.permits(Access.PUBLISH, "farm/bus/sensors/gh")).isTrue();
        assertThat(acl.permits(Access.PUBLISH, "farm/node/gh/status")).isTrue();
        assertThat(acl.permits(Access.SUBSCRIBE, "$share/farm/farm/svc/climate/set")).isTrue();
        assertThat(acl.permits(Access.PUBLISH, "cairn/bus/sensors/gh")).as("another fleet").isFalse();
    }

    @Test
    void anOperatorHasTheOperatorsRights() {
        var acl = Client.of(TestClientConfig.operator("ops", HASH)).acl("cairn");
        assertThat(acl.permits(Access.PUBLISH, "cairn/svc/mgmt/gh")).isTrue();
        assertThat(acl.permits(Access.PUBLISH, "cairn/bus/sensors/gh")).isFalse();
    }

    @Test
    void onceAPasswordHasMatchedOnlyThatOneMatchesAndANewConfigurationForgetsIt() {
        Client c = Client.of(TestClientConfig.node("gh", HASH));
        assertThat(c.accepts("wrong")).isFalse();
        assertThat(c.accepts("right")).isTrue();
        assertThat(c.accepts("right")).isTrue();
        assertThat(c.accepts("wrong")).isFalse();

        Client changed = Client.of(TestClientConfig.node("gh", TestFleet.hash("other")));
        assertThat(changed.accepts("right")).isFalse();
        assertThat(changed.sameSecret(c)).isFalse();
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of((UnaryOperator<TestClientConfig>) c -> c.name(null), "name must be 1-64 letters"),
                Arguments.of((UnaryOperator<TestClientConfig>) c -> c.name("a/b"), "name must be 1-64 letters, digits, '.', '_' or '-', not 'a/b'"),
                Arguments.of((UnaryOperator<TestClientConfig>) c -> c.name("x".repeat(65)), "name must be 1-64"),
                Arguments.of((UnaryOperator<TestClientConfig>) c -> c.role("admin"), "role of client gh must be node or operator, not 'admin'"),
                Arguments.of((UnaryOperator<TestClientConfig>) c -> c.password(null), ".password of client gh must be a password hash"),
                Arguments.of((UnaryOperator<TestClientConfig>) c -> c.password("right"), ".password of client gh must be a password hash (cairnctl hash-password): not a password hash"),
                Arguments.of((UnaryOperator<TestClientConfig>) c -> c.publish("sensors/#/x"), "grants of client gh: publish: 'sensors/#/x' is not a topic filter"),
                Arguments.of((UnaryOperator<TestClientConfig>) c -> c.role("operator").call("x"), "client gh is an operator, whose rights are fixed"));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void aBadConfigurationIsRefusedNamingItsKey(UnaryOperator<TestClientConfig> change, String message) {
        TestClientConfig config = change.apply(TestClientConfig.node("gh", HASH));
        assertThatThrownBy(() -> Client.of(config)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
