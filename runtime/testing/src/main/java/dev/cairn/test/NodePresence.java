package dev.cairn.test;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The nodes' retained presence, which says what each runs: online, with every bundle of its plan ACTIVE (LAZY, or
 * RESOLVED for a fragment), and — once that is so — the topics its bundles declare they serve ({@code @BusGrants(serve)})
 * in its {@code handles}. A node publishes presence after it subscribed for those topics, so a request sent after it
 * finds them served.
 */
final class NodePresence {
    /** A bundle may declare a topic it serves only once configured: served topics are waited for this long at most. */
    static final Duration SERVED_WAIT = Duration.ofSeconds(5);

    private final Payloads payloads;
    private final Map<String, JsonNode> latest = new HashMap<>();   // guarded by this

    NodePresence(Payloads payloads) {
        this.payloads = payloads;
    }

    synchronized void arrived(String node, byte[] body) {
        if (body.length == 0) {
            latest.remove(node);
        } else {
            latest.put(node, payloads.tree(body));
        }
        notifyAll();
    }

    synchronized void await(List<NodeProcess> nodes, Deadline deadline) {
        List<String> missing;
        while (!(missing = notRunning(nodes)).isEmpty()) {
            for (NodeProcess n : nodes) {
                if (!n.alive()) throw new IllegalStateException("node " + n.name() + " exited:\n" + n.tail(60));
            }
            if (deadline.passed()) throw new IllegalStateException("the nodes were not ready in time: " + String.join("; ", missing)
                    + "\n" + tails(nodes));
            pause(deadline);
        }
        Deadline served = Deadline.in(SERVED_WAIT);
        while (!(missing = notServed(nodes)).isEmpty()) {
            if (served.passed() || deadline.passed()) {
                System.err.println("[cairn-test] going on without these declared topics served: " + String.join("; ", missing));
                return;
            }
            pause(served);
        }
    }

    private void pause(Deadline deadline) {
        try {
            // woken by each presence message; the timed wake-up is to look at the processes
            TimeUnit.MILLISECONDS.timedWait(this, 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the nodes");
        }
    }

    private List<String> notRunning(List<NodeProcess> nodes) {
        List<String> out = new ArrayList<>();
        for (NodeProcess n : nodes) {
            JsonNode p = latest.get(n.name());
            if (p == null) {
                out.add(n.name() + ": no presence yet (not connected to the broker)");
                continue;
            }
            if (!"online".equals(p.path("status").asText())) {
                out.add(n.name() + ": " + p.path("status").asText());
                continue;
            }
            for (BundleJar b : n.plan().bundles()) {
                String state = bundle(p, b.symbolicName()).path("state").asText("not installed");
                boolean running = state.equals("ACTIVE") || state.equals("LAZY") || (b.fragment() && state.equals("RESOLVED"));
                if (!running) out.add(n.name() + ": " + b.symbolicName() + " (" + b.fileName() + ") is " + state);
            }
        }
        return out;
    }

    private List<String> notServed(List<NodeProcess> nodes) {
        List<String> out = new ArrayList<>();
        for (NodeProcess n : nodes) {
            JsonNode p = latest.get(n.name());
            List<String> handles = new ArrayList<>();
            p.path("handles").forEach(h -> handles.add(h.asText()));
            for (BundleJar b : n.plan().bundles()) {
                for (JsonNode t : bundle(p, b.symbolicName()).path("grants").path("serve")) {
                    String topic = t.asText();
                    if (!topic.contains("+") && !topic.contains("#") && !handles.contains(topic)) {
                        out.add(n.name() + ": '" + topic + "' (declared by " + b.symbolicName() + ")");
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode bundle(JsonNode presence, String symbolicName) {
        for (JsonNode b : presence.path("bundles")) if (symbolicName.equals(b.path("name").asText())) return b;
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String tails(List<NodeProcess> nodes) {
        StringBuilder s = new StringBuilder();
        for (NodeProcess n : nodes) s.append("---- node ").append(n.name()).append(", last lines:\n").append(n.tail(30)).append('\n');
        return s.toString();
    }
}
