package dev.cairn.ctl.cli;

import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.NodeStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "access", description = {"Who may do what: NODE's rules at the broker (first that covers a topic decides; what none covers is refused),",
        "and, when it is online, the grants its bundles declare in its presence: any the broker's rules do not let through",
        "is shown as NOT GRANTED AT THE BROKER (the broker will refuse it)."})
final class Access extends Base {
    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Broker (one of):%n")
    Backend backend;

    @Override
    public Integer call() throws CtlException {
        Names.check(node, "NODE");
        String prefix = root().fleet();
        try (ClientRegistry registry = backend.open(root())) {
            BrokerClient client = registry.find(node).orElseThrow(() -> ClientRegistry.unknown(node, registry.where()));
            List<AccessReport.RuleRow> rules = AccessReport.rules(prefix, client);
            Optional<NodeStatus> status = Optional.empty();
            String presenceProblem = null;
            try {
                status = registry.presence(node);
            } catch (CtlException e) {
                presenceProblem = e.getMessage();
            }
            List<AccessReport.BundleRow> bundles = status.filter(NodeStatus::online)
                    .map(s -> AccessReport.bundles(prefix, client.rules(), s)).orElse(List.of());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("client", node);
            result.put("role", client.role().word());
            result.put("broker", registry.where());
            result.put("rules", rules);
            result.put("notes", client.notes());
            Map<String, Object> presence = new LinkedHashMap<>();
            presence.put("status", status.map(NodeStatus::status).orElse(presenceProblem == null ? "unknown" : "unreadable"));
            status.map(NodeStatus::reason).ifPresent(r -> presence.put("reason", r));
            if (presenceProblem != null) presence.put("problem", presenceProblem);
            result.put("presence", presence);
            result.put("bundles", bundles);
            long refused = bundles.stream().flatMap(b -> b.declared().stream()).filter(d -> !d.granted()).count();
            result.put("notGranted", refused);
            String problem = presenceProblem;
            Optional<NodeStatus> s = status;
            print(result, () -> {
                var o = root().out;
                o.println(client.role().word() + " " + node + " at " + registry.where() + ":");
                AccessReport.printRules(o, rules);
                client.notes().forEach(n -> o.println("note: " + n));
                o.println();
                if (problem != null) {
                    o.println("presence of " + node + " unknown: " + problem);
                } else if (s.isEmpty()) {
                    o.println(node + " never announced itself on " + prefix + "/node/" + node + "/status: its bundles are not known");
                } else if (!s.get().online()) {
                    o.println(node + " is " + s.get().status() + (s.get().reason() == null ? "" : " (" + s.get().reason() + ")")
                            + ": its bundles' grants are shown while it is online");
                } else if (bundles.isEmpty()) {
                    o.println(node + " is online; none of its " + s.get().bundles().size() + " bundles declares bus grants in its presence");
                } else {
                    o.println(node + " is online; its bundles declare:");
                    AccessReport.printBundles(o, bundles);
                    if (refused > 0) o.println(refused + (refused == 1 ? " grant is" : " grants are") + " NOT GRANTED AT THE BROKER: "
                            + "the broker refuses them (cairnctl grant " + node + " JAR... gives the node its bundles' grants)");
                }
            });
            return 0;
        }
    }
}
