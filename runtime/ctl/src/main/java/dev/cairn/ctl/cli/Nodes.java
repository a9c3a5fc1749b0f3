package dev.cairn.ctl.cli;

import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.NodeStatus;
import dev.cairn.management.protocol.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands about nodes as a whole: who is there, how they are. */
final class Nodes {
    private Nodes() {}

    static String labels(Map<String, String> labels) {
        return labels.isEmpty() ? "-" : labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    @Command(name = "nodes", description = "List the nodes of the fleet from their presence (online and offline).")
    static final class ListNodes extends Base {
        @Option(names = "--selector", paramLabel = "LABEL=VALUE", description = "only online nodes with these labels (role=edge,site=north)")
        String selector;

        @Override
        public Integer call() throws CtlException {
            List<NodeStatus> nodes = root().client().nodes();
            if (selector != null) {
                Map<String, String> s = NodeStatus.parseSelector(selector);
                nodes = nodes.stream().filter(n -> n.matches(s)).toList();
            }
            List<NodeStatus> shown = nodes;
            String where = root().client().options().brokerUrl() + " (fleet " + root().client().options().fleet() + ")";
            print(shown, () -> {
                if (shown.isEmpty()) {
                    root().err.println("no nodes on " + where);
                    return;
                }
                Table t = new Table("NODE", "STATUS", "VERSION", "LABELS", "BUNDLES", "SINCE");
                for (NodeStatus n : shown)
                    t.row(n.node(), n.online() ? "online" : n.status() + (n.reason() == null ? "" : " (" + n.reason() + ")"), n.version(),
                            labels(n.labels()), n.online() ? n.bundles().size() : null, n.since());
                t.print(root().out);
            });
            return 0;
        }
    }

    @Command(name = "status", description = "Every node: online or offline, version, and health when it answers.")
    static final class Status extends Base {
        @Override
        public Integer call() throws CtlException {
            ManagementClient c = root().client();
            List<Map<String, Object>> rows = new ArrayList<>();
            boolean allAnswered = true;
            for (NodeStatus n : c.nodes()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("node", n.node());
                row.put("status", n.status());
                row.put("version", n.version());
                row.put("labels", n.labels());
                if (n.online()) {
                    try {
                        Reply r = c.call(n.node(), "health", Map.of(), root().timeout());
                        if (r.ok()) row.put("health", r.result());
                        else row.put("error", CtlException.describe(r.error(), c.keyId()));
                    } catch (CtlException e) {
                        row.put("error", e.getMessage());
                        allAnswered = false;
                    }
                } else {
                    row.put("reason", n.reason());
                }
                rows.add(row);
            }
            print(rows, () -> {
                Table t = new Table("NODE", "STATUS", "VERSION", "HEALTH");
                for (Map<String, Object> r : rows) t.row(r.get("node"), r.get("status"), r.get("version"), health(r));
                t.print(root().out);
            });
            return allAnswered ? 0 : 3;
        }

        static String health(Map<String, Object> row) {
            if (row.get("error") != null) return "? " + row.get("error");
            if (row.get("reason") != null) return "(" + row.get("reason") + ")";
            Map<String, Object> h = map(row.get("health"));
            if (h.isEmpty()) return "-";
            boolean live = Boolean.TRUE.equals(h.get("live")), ready = Boolean.TRUE.equals(h.get("ready"));
            String state = live && ready ? "ok" : live ? "not ready" : "not live";
            List<String> failing = new ArrayList<>();
            if (h.get("checks") instanceof List<?> checks) {
                for (Object o : checks) {
                    Map<String, Object> check = map(o);
                    Object s = check.get("status");
                    if (s != null && !"UP".equalsIgnoreCase(String.valueOf(s)) && !"OK".equalsIgnoreCase(String.valueOf(s)))
                        failing.add(str(check.get("name")) + " " + s);
                }
            }
            return failing.isEmpty() ? state : state + ": " + String.join(", ", failing);
        }
    }

    @Command(name = "info", description = "What a node runs: version, labels, uptime, memory, Java, OS, bundles.")
    static final class Info extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Override
        public Integer call() throws CtlException {
            Object result = root().client().result(node, "node.info", Map.of(), root().timeout());
            print(result, () -> {
                Table t = new Table("KEY", "VALUE");
                map(result).forEach((k, v) -> t.row(k, describe(k, v)));
                t.print(root().out);
            });
            return 0;
        }

        static String describe(String key, Object v) {
            if (v instanceof List<?> l) return l.size() + (key.equals("bundles") ? " bundles" : " items");
            if (v instanceof Map<?, ?> m) return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            if (v instanceof Number n && key.endsWith("Bytes")) return ProgressBar.size(n.longValue());
            if (v instanceof Number n && key.endsWith("Ms")) return Duration.ofMillis(n.longValue()).toString().substring(2).toLowerCase();
            return str(v);
        }
    }
}
