package dev.cairn.ctl.cli;

import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.NodeStatus;
import dev.cairn.management.protocol.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairnctl trace ID}: one request's path across the fleet, from the spans every online node kept of it;
 * {@code cairnctl traces NODE}: a node's last traces, to find an id. No collector needed.
 */
final class Traces {
    private Traces() {
    }

    @Command(name = "trace", description = "A trace's path across the nodes: every hop (publish, delivery, request, serve), its bundles, node, placement, time and outcome.")
    static final class Show extends Base {
        @Parameters(index = "0", paramLabel = "TRACE_ID", description = "32 hex digits, from 'cairnctl traces NODE' or a traceparent")
        String id;

        @Option(names = "--node", paramLabel = "NODE", split = ",", description = "ask only these nodes (default: every online node)")
        List<String> nodes;

        @Override
        public Integer call() throws CtlException {
            String trace = id.toLowerCase(Locale.ROOT);
            if (!trace.matches("[0-9a-f]{32}")) throw new CtlException(CtlException.Kind.USAGE, "TRACE_ID must be 32 hex digits, not '" + id + "'");
            ManagementClient c = root().client();
            List<String> asked = nodes != null ? nodes : c.nodes().stream().filter(NodeStatus::online).map(NodeStatus::node).toList();
            List<Map<String, Object>> spans = new ArrayList<>();
            List<String> off = new ArrayList<>();
            List<String> unanswered = new ArrayList<>();
            for (String node : asked) {
                try {
                    Reply r = c.call(node, "trace.get", Map.of("id", trace), root().timeout());
                    if (!r.ok()) {
                        unanswered.add(node + " (" + CtlException.describe(r.error(), c.keyId()) + ")");
                        continue;
                    }
                    Map<String, Object> result = map(r.result());
                    if (!Boolean.TRUE.equals(result.get("enabled"))) off.add(node);
                    if (result.get("spans") instanceof List<?> list) for (Object s : list) spans.add(map(s));
                } catch (CtlException e) {
                    unanswered.add(node + " (" + e.getMessage() + ")");
                }
            }
            List<Map<String, Object>> ordered = treeOrder(spans);
            print(ordered, () -> {
                if (ordered.isEmpty()) {
                    root().err.println("no node of " + asked.size() + " asked kept a span of trace " + trace);
                    return;
                }
                Table t = new Table("SPAN", "TOPIC", "CALLER", "CALLEE", "NODE", "PLACEMENT", "TIME", "OUTCOME");
                for (Map<String, Object> s : ordered) {
                    int depth = ((Number) s.get("depth")).intValue();
                    t.row("  ".repeat(depth) + str(s.get("kind")), s.get("topic"), s.get("caller"), s.get("callee"), s.get("node"),
                            Boolean.TRUE.equals(s.get("remote")) ? "remote" : "local", millis(s.get("durationNanos")), s.get("outcome"));
                }
                t.print(root().out);
            });
            if (!off.isEmpty()) root().err.println("cairnctl: tracing is off on " + String.join(", ", off) + " (configuration dev.cairn.bus.trace enabled=true)");
            if (!unanswered.isEmpty()) root().err.println("cairnctl: no answer from " + String.join(", ", unanswered));
            return ordered.isEmpty() ? 1 : unanswered.isEmpty() ? 0 : 3;
        }
    }

    @Command(name = "traces", description = "A node's last traces: the first hop this node kept of each, newest first.")
    static final class Recent extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "how many (1 to 500; default 20)")
        int limit;

        @Override
        public Integer call() throws CtlException {
            if (limit < 1 || limit > 500) throw new CtlException(CtlException.Kind.USAGE, "-n must be 1 to 500, not " + limit);
            Map<String, Object> r = map(root().client().result(node, "trace.recent", Map.of("limit", limit), root().timeout()));
            List<Map<String, Object>> rows = new ArrayList<>();
            if (r.get("traces") instanceof List<?> list) for (Object s : list) rows.add(map(s));
            print(rows, () -> {
                if (!Boolean.TRUE.equals(r.get("enabled"))) root().err.println("cairnctl: tracing is off on " + node + " (configuration dev.cairn.bus.trace enabled=true)");
                Table t = new Table("TRACE", "STARTED", "FIRST HOP", "TOPIC", "CALLER", "TIME", "OUTCOME");
                for (Map<String, Object> s : rows)
                    t.row(s.get("traceId"), started(s.get("startMicros")), s.get("kind"), s.get("topic"), s.get("caller"),
                            millis(s.get("durationNanos")), s.get("outcome"));
                t.print(root().out);
            });
            return 0;
        }
    }

    /** Parents before their children, siblings by start; each span gets its {@code depth} in the tree. */
    static List<Map<String, Object>> treeOrder(List<Map<String, Object>> spans) {
        Set<Object> ids = new HashSet<>();
        for (Map<String, Object> s : spans) ids.add(s.get("spanId"));
        Map<Object, List<Map<String, Object>>> children = new HashMap<>();
        List<Map<String, Object>> roots = new ArrayList<>();
        for (Map<String, Object> s : spans) {
            Object parent = s.get("parentId");
            if (parent == null || !ids.contains(parent)) roots.add(s);
            else children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        add(roots, children, 0, out);
        return out;
    }

    private static void add(List<Map<String, Object>> level, Map<Object, List<Map<String, Object>>> children, int depth, List<Map<String, Object>> out) {
        level.sort(Comparator.comparingLong(s -> s.get("startMicros") instanceof Number n ? n.longValue() : 0));
        for (Map<String, Object> s : level) {
            Map<String, Object> row = new LinkedHashMap<>(s);
            row.put("depth", depth);
            out.add(row);
            List<Map<String, Object>> kids = children.get(s.get("spanId"));
            if (kids != null) add(kids, children, depth + 1, out);
        }
    }

    private static String millis(Object nanos) {
        if (!(nanos instanceof Number n)) return "-";
        double ms = n.doubleValue() / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static String started(Object micros) {
        return micros instanceof Number n ? Instant.ofEpochMilli(n.longValue() / 1000).toString() : "-";
    }
}
