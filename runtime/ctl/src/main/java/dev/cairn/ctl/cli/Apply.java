package dev.cairn.ctl.cli;

import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.DeployListener;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.NodeStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", description = {"Bring the fleet to the desired state of a fleet.yaml.",
        "The file says which bundles and configurations go to which nodes. Idempotent: only differences are pushed "
        + "(file SHA-256, configuration values); bundles from deploy/ that a targeted node should not run are removed "
        + "(system bundles never), and so are configurations an earlier apply set that the file no longer lists "
        + "(marked cairn.fleet.item; others never). Exit code 4 when some nodes failed."})
final class Apply extends Base {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FLEET.yaml")
    Path file;

    @Option(names = "--dry-run", description = "show what would change, change nothing")
    boolean dryRun;

    record Outcome(String node, String action, String item, String detail, String error) {}

    @Override
    public Integer call() throws CtlException {
        FleetFile fleet = FleetFile.read(file);
        Map<Path, String> sha = new HashMap<>();
        for (Path jar : fleet.bundles().values()) {
            try {
                sha.put(jar, ManagementClient.sha256(jar));
            } catch (IOException e) {
                throw new CtlException(CtlException.Kind.USAGE, "cannot read " + jar + ": " + e.getMessage(), e);
            }
        }
        ManagementClient c = root().client();
        Map<String, NodeStatus> present = new LinkedHashMap<>();
        for (NodeStatus n : c.nodes()) present.put(n.node(), n);
        Set<String> targeted = new TreeSet<>(fleet.named());
        for (NodeStatus n : present.values()) if (n.online() && fleet.targets(n.node(), n.labels())) targeted.add(n.node());

        List<Outcome> outcomes = new ArrayList<>();
        int nodesOk = 0, nodesFailed = 0;
        boolean allUnreachable = true;
        for (String node : targeted) {
            NodeStatus status = present.get(node);
            if (status == null || !status.online()) {
                outcomes.add(new Outcome(node, "failed", null, null, "no node " + node + " online"));
                nodesFailed++;
                continue;
            }
            FleetFile.Desired desired = fleet.desired(node, status.labels());
            Map<String, Plan.LocalJar> jars = new LinkedHashMap<>();
            desired.bundles().forEach((name, path) -> jars.put(name, new Plan.LocalJar(path, sha.get(path))));
            boolean failed = false;
            try {
                List<Plan.Change> plan = Plan.compute(jars, desired.config(), c.bundles(node, root().timeout()),
                        maps(c.result(node, "config.list", Map.of(), root().timeout())));
                for (Plan.Change change : plan) {
                    try {
                        if (!dryRun) carryOut(c, node, change);
                        outcomes.add(new Outcome(node, verb(change.action()), change.item(), change.detail(), null));
                    } catch (CtlException e) {
                        failed = true;
                        if (e.kind() != CtlException.Kind.UNREACHABLE) allUnreachable = false;
                        outcomes.add(new Outcome(node, "failed", change.item(), verb(change.action()), e.getMessage()));
                        if (e.kind() == CtlException.Kind.UNREACHABLE) break;
                    }
                }
            } catch (CtlException e) {
                failed = true;
                if (e.kind() != CtlException.Kind.UNREACHABLE) allUnreachable = false;
                outcomes.add(new Outcome(node, "failed", null, null, e.getMessage()));
            }
            if (failed) nodesFailed++;
            else nodesOk++;
        }
        report(outcomes);
        if (nodesFailed == 0) return 0;
        if (nodesOk > 0) return Cairnctl.PARTIAL;
        return allUnreachable ? 3 : 1;
    }

    private String verb(Plan.Action a) {
        String past = switch (a) {
            case INSTALL -> "installed";
            case UPDATE -> "updated";
            case REMOVE -> "removed";
            case DELETE -> "deleted";
            case CONFIGURE -> "configured";
            case UNCHANGED -> "unchanged";
        };
        if (!dryRun || a == Plan.Action.UNCHANGED) return past;
        return "would " + switch (a) {
            case INSTALL -> "install";
            case UPDATE -> "update";
            case REMOVE -> "remove";
            case DELETE -> "delete";
            default -> "configure";
        };
    }

    private void carryOut(ManagementClient c, String node, Plan.Change change) throws CtlException {
        switch (change.action()) {
            case REMOVE -> c.result(node, "bundles.uninstall", Map.of("bundle", change.bundleId()), root().timeout());
            case DELETE -> c.result(node, "config.delete", Map.of("pid", change.item()), root().timeout());
            case CONFIGURE -> {
                Map<String, Object> args = new LinkedHashMap<>(ConfigValues.target(change.item()));
                args.put("properties", change.properties());
                args.put("replace", false);
                c.result(node, "config.put", args, root().timeout());
            }
            case INSTALL, UPDATE -> {
                ProgressBar bar = root().terminal && !root().json() ? new ProgressBar(root().err, change.item() + " → " + node) : null;
                try {
                    c.deploy(node, change.source(), change.item(), ManagementClient.CHUNK_BYTES, bar == null ? DeployListener.NONE : bar,
                            root().timeout());
                } finally {
                    if (bar != null) bar.finish();
                }
            }
            case UNCHANGED -> { }
        }
    }

    private void report(List<Outcome> outcomes) {
        print(outcomes, () -> {
            Table t = new Table("NODE", "CHANGE", "ITEM", "DETAIL");
            for (Outcome o : outcomes) t.row(o.node(), o.action(), o.item(), o.error() != null ? o.error() : o.detail());
            t.print(root().out);
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            for (Outcome o : outcomes) counts.computeIfAbsent(o.node(), k -> new LinkedHashMap<>()).merge(o.action(), 1, Integer::sum);
            counts.forEach((node, byAction) -> {
                List<String> parts = new ArrayList<>();
                byAction.forEach((action, n) -> parts.add(n + " " + action));
                root().out.println(node + ": " + String.join(", ", parts));
            });
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object e : l) if (e instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        return out;
    }
}
