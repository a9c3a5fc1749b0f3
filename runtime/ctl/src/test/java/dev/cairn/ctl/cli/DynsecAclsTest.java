package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bus.access.FleetAcl;
import dev.cairn.bus.access.Grants;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynsecAclsTest {
    static final Grants SERVE_ALL = Grants.of(Map.of(Grants.Action.SERVE, List.of("#"), Grants.Action.PUBLISH, List.of("sensors/#")));

    @Test
    void theFirstRuleGetsTheHighestPriorityAndASubscribeRuleCoversSharesAndDeliveries() {
        List<DynsecAcls.Acl> acls = DynsecAcls.of(FleetAcl.node("cairn", "n1", SERVE_ALL).rules());

        assertThat(acls.get(0)).isEqualTo(new DynsecAcls.Acl("publishClientSend", "cairn/node/n1/#", 8, true));
        assertThat(acls).contains(new DynsecAcls.Acl("subscribePattern", "cairn/svc/mgmt/n1", 6, true),
                new DynsecAcls.Acl("subscribePattern", "$share/+/cairn/svc/mgmt/n1", 6, true),
                new DynsecAcls.Acl("publishClientReceive", "cairn/svc/mgmt/n1", 6, true),
                new DynsecAcls.Acl("publishClientReceive", "cairn/svc/mgmt/#", 4, false),
                new DynsecAcls.Acl("subscribePattern", "$share/+/cairn/svc/#", 1, true));
    }

    @Test
    void aRuleAnEarlierOneDecidesAlreadyIsLeftOutAsMosquittoRefusesTwoAclsOfOneTopic() {
        Grants mgmt = Grants.of(Map.of(Grants.Action.SERVE, List.of("mgmt/#")));
        List<DynsecAcls.Acl> acls = DynsecAcls.of(FleetAcl.node("cairn", "n1", mgmt).rules());

        assertThat(acls).filteredOn(a -> a.topic().equals("cairn/svc/mgmt/#") && a.acltype().equals("subscribePattern"))
                .containsExactly(new DynsecAcls.Acl("subscribePattern", "cairn/svc/mgmt/#", 3, false));
    }

    @Test
    void theRulesReadBackAreTheRulesWritten() {
        for (List<FleetAcl.Rule> rules : List.of(FleetAcl.node("shop", "n1", SERVE_ALL).rules(), FleetAcl.operator("shop").rules()))
            assertThat(DynsecAcls.rules(DynsecAcls.of(rules))).isEqualTo(rules);
    }

    @Test
    void theDiffRemovesWhatChangedFirstAndLeavesTheRestAlone() {
        List<DynsecAcls.Acl> before = DynsecAcls.of(FleetAcl.node("cairn", "n1", Grants.NONE).rules());
        List<DynsecAcls.Acl> after = DynsecAcls.of(FleetAcl.node("cairn", "n1", SERVE_ALL).rules());

        assertThat(DynsecAcls.diff("r", before, before)).isEmpty();
        List<Map<String, Object>> diff = DynsecAcls.diff("r", before, after);
        assertThat(diff.get(0)).containsEntry("command", "removeRoleACL").containsEntry("rolename", "r");
        assertThat(diff).filteredOn(c -> "$share/+/cairn/svc/#".equals(c.get("topic"))).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("command", "addRoleACL").containsEntry("priority", 1).containsEntry("allow", true));
        int firstAdd = diff.indexOf(diff.stream().filter(c -> c.get("command").equals("addRoleACL")).findFirst().orElseThrow());
        assertThat(diff.subList(firstAdd, diff.size())).allMatch(c -> c.get("command").equals("addRoleACL"));
    }
}
