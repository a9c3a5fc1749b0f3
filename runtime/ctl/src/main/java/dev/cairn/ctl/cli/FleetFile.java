package dev.cairn.ctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.ctl.CtlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fleet's desired state:
 * <pre>
 * bundles:                  # name → JAR, relative to this file; the node's deploy/ file gets the JAR's file name
 *   shop-api: ../examples/shop-api.jar
 * nodes:                    # by node id
 *   shop-1:
 *     bundles: [shop-api, orders]
 *     config:               # PID (or factoryPid-name) → properties, merged into the node's configuration
 *       dev.cairn.examples.orders: {demo.orders: 5, interval.ms: 500}
 * groups:                   # by labels: every online node whose labels match
 *   - selector: {role: edge}
 *     bundles: [hello]
 * </pre>
 * A node named under {@code nodes} and matched by groups gets the union of their bundles and configs.
 */
record FleetFile(Path source, Map<String, Path> bundles, Map<String, Target> nodes, List<Target> groups) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What a node or group should run: bundle names of {@link #bundles} and configurations by PID. */
    record Target(Map<String, String> selector, List<String> bundles, Map<String, Map<String, Object>> config) {}

    /** The desired state of one node: deploy/ file name → local JAR, and configurations. */
    record Desired(Map<String, Path> bundles, Map<String, Map<String, Object>> config) {}

    static FleetFile read(Path file) throws CtlException {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw usage(file + ": not YAML (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) throw usage(file + ": expected 'bundles', 'nodes' and/or 'groups'");
        for (String key : iterable(root)) if (!Set.of("bundles", "nodes", "groups").contains(key))
            throw usage(file + ": unknown key '" + key + "' (expected bundles, nodes, groups)");
        Path base = file.toAbsolutePath().getParent();
        Map<String, Path> bundles = new LinkedHashMap<>();
        Map<String, String> fileNames = new LinkedHashMap<>();
        JsonNode b = root.path("bundles");
        for (String name : iterable(b)) {
            JsonNode v = b.get(name);
            if (!v.isTextual()) throw usage(file + ": bundles." + name + " must be a path to a JAR");
            Path jar = base.resolve(v.asText()).normalize();
            if (!Files.isRegularFile(jar)) throw usage(file + ": bundles." + name + ": no file " + jar);
            String fileName = jar.getFileName().toString();
            String other = fileNames.put(fileName, name);
            if (other != null) throw usage(file + ": bundles " + other + " and " + name + " would both be deploy/" + fileName);
            bundles.put(name, jar);
        }
        Map<String, Target> nodes = new LinkedHashMap<>();
        JsonNode n = root.path("nodes");
        for (String node : iterable(n)) nodes.put(node, target(file, "nodes." + node, n.get(node), bundles, false));
        List<Target> groups = new ArrayList<>();
        JsonNode g = root.path("groups");
        if (!g.isMissingNode() && !g.isArray()) throw usage(file + ": groups must be a list of {selector, bundles, config}");
        for (int i = 0; i < g.size(); i++) groups.add(target(file, "groups[" + i + "]", g.get(i), bundles, true));
        if (nodes.isEmpty() && groups.isEmpty()) throw usage(file + ": no nodes and no groups: nothing to apply");
        return new FleetFile(file, bundles, nodes, groups);
    }

    private static Target target(Path file, String where, JsonNode t, Map<String, Path> known, boolean group) throws CtlException {
        if (t == null || t.isNull()) t = YAML.createObjectNode();
        if (!t.isObject()) throw usage(file + ": " + where + " must be a map with bundles and config");
        for (String key : iterable(t)) if (!Set.of("bundles", "config", "selector").contains(key) || (!group && key.equals("selector")))
            throw usage(file + ": " + where + ": unknown key '" + key + "'");
        Map<String, String> selector = null;
        if (group) {
            JsonNode s = t.path("selector");
            if (!s.isObject() || s.isEmpty()) throw usage(file + ": " + where + " needs a selector, e.g. selector: {role: edge}");
            selector = new LinkedHashMap<>();
            for (String k : iterable(s)) selector.put(k, s.get(k).asText());
        }
        List<String> bundles = new ArrayList<>();
        JsonNode b = t.path("bundles");
        if (!b.isMissingNode() && !b.isArray()) throw usage(file + ": " + where + ".bundles must be a list of bundle names");
        for (JsonNode name : b) {
            if (!known.containsKey(name.asText()))
                throw usage(file + ": " + where + ".bundles: '" + name.asText() + "' is not under bundles:");
            bundles.add(name.asText());
        }
        Map<String, Map<String, Object>> config = new LinkedHashMap<>();
        JsonNode c = t.path("config");
        for (String pid : iterable(c)) {
            JsonNode props = c.get(pid);
            if (!props.isObject()) throw usage(file + ": " + where + ".config." + pid + " must be a map of key: value");
            Map<String, Object> p = new LinkedHashMap<>();
            for (String key : iterable(props)) {
                JsonNode v = props.get(key);
                if (v.isObject() || v.isNull())
                    throw usage(file + ": " + where + ".config." + pid + "." + key + " must be a string, number, boolean or list");
                p.put(key, ConfigValues.normalize(YAML.convertValue(v, Object.class)));
            }
            config.put(pid, p);
        }
        return new Target(selector, List.copyOf(bundles), config);
    }

    /** Node ids named explicitly. */
    Set<String> named() {
        return nodes.keySet();
    }

    /** Whether the node is targeted at all: named, or matched by a group. */
    boolean targets(String node, Map<String, String> labels) {
        return nodes.containsKey(node) || groups.stream().anyMatch(g -> matches(g, labels));
    }

    /** The union of what the node's own entry and every group matching its labels ask for. */
    Desired desired(String node, Map<String, String> labels) {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, Map<String, Object>> config = new LinkedHashMap<>();
        List<Target> applying = new ArrayList<>();
        for (Target g : groups) if (matches(g, labels)) applying.add(g);
        if (nodes.containsKey(node)) applying.add(nodes.get(node));   // last: its values win
        Set<String> names = new LinkedHashSet<>();
        for (Target t : applying) {
            names.addAll(t.bundles());
            t.config().forEach((pid, props) -> config.computeIfAbsent(pid, k -> new LinkedHashMap<>()).putAll(props));
        }
        for (String name : names) {
            Path jar = bundles.get(name);
            files.put(jar.getFileName().toString(), jar);
        }
        return new Desired(files, config);
    }

    private static boolean matches(Target group, Map<String, String> labels) {
        return group.selector().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Iterable<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node != null && node.isObject()) node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static CtlException usage(String message) {
        return new CtlException(CtlException.Kind.USAGE, message);
    }
}
