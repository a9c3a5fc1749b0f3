package dev.cairn.ctl.cli;

import dev.cairn.management.api.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What it takes to bring one node to its desired state, computed from what the node reports: bundles by
 * their deploy/ file and its SHA-256, configurations key by key. Only bundles that came from a deploy/
 * file are ever removed; system bundles have none. Every configuration apply sets carries
 * {@value #MANAGED} = its key in the fleet file; one that carries it but is no longer in the file is
 * deleted — and only those: configurations made on the node, or by hand, are never touched.
 */
final class Plan {
    enum Action { REMOVE, DELETE, CONFIGURE, INSTALL, UPDATE, UNCHANGED }

    /** The property that marks a configuration as the fleet file's, with its key there (a PID, or factoryPid-name). */
    static final String MANAGED = "cairn.fleet.item";

    /**
     * One step. {@code item} is a deploy/ file name or a PID; {@code bundleId} is set for REMOVE,
     * {@code source} for INSTALL/UPDATE, {@code properties} (what to send) for CONFIGURE.
     */
    record Change(Action action, String item, String detail, Object bundleId, Path source, Map<String, Object> properties) {
        static Change of(Action action, String item, String detail) {
            return new Change(action, item, detail, null, null, null);
        }
    }

    /** A local JAR and its hex SHA-256. */
    record LocalJar(Path path, String sha256) {}

    private Plan() {}

    /**
     * Steps in the order to carry them out: removals first (free what is no longer wanted), then
     * configurations (in place before the bundles that read them start), then installs and updates.
     * {@code item} of a DELETE is the configuration's PID on the node.
     */
    static List<Change> compute(Map<String, LocalJar> desiredBundles, Map<String, Map<String, Object>> desiredConfig,
                                List<Map<String, Object>> actualBundles, List<Map<String, Object>> actualConfigs) {
        List<Change> removals = new ArrayList<>(), configs = new ArrayList<>(), deploys = new ArrayList<>(), same = new ArrayList<>();
        for (Map<String, Object> c : actualConfigs) {
            Object item = Base.map(c.get("properties")).get(MANAGED);
            if (item != null && !desiredConfig.containsKey(String.valueOf(item)))
                removals.add(Change.of(Action.DELETE, String.valueOf(c.get("pid")), "no longer in the fleet file (" + item + ")"));
        }
        for (Map<String, Object> b : actualBundles) {
            Object file = b.get("file");
            if (file == null) continue;   // a system bundle, or one not installed from deploy/
            if (!desiredBundles.containsKey(String.valueOf(file)))
                removals.add(new Change(Action.REMOVE, String.valueOf(file), Base.str(b.get("name")) + " " + Base.str(b.get("version")),
                        b.get("id"), null, null));
        }
        for (Map.Entry<String, Map<String, Object>> e : desiredConfig.entrySet()) {
            String pid = e.getKey();
            Map<String, Object> wanted = new LinkedHashMap<>(e.getValue());
            wanted.put(MANAGED, pid);
            Map<String, Object> actual = properties(actualConfigs, pid);
            if (actual == null) {
                configs.add(new Change(Action.CONFIGURE, pid, "new: " + String.join(", ", e.getValue().keySet()), null, null, wanted));
                continue;
            }
            List<String> differing = new ArrayList<>();
            for (Map.Entry<String, Object> p : wanted.entrySet()) {
                Object now = actual.get(p.getKey());
                // a secret is masked in every reply: it cannot be compared, so it is always sent
                boolean secret = Secrets.isSecretKey(p.getKey()) || Secrets.MASK.equals(now);
                if (secret || !ConfigValues.same(p.getValue(), now)) differing.add(p.getKey());
            }
            if (differing.isEmpty()) same.add(Change.of(Action.UNCHANGED, pid, "configuration"));
            else if (differing.equals(List.of(MANAGED))) configs.add(new Change(Action.CONFIGURE, pid, "the fleet file's from now on", null, null, wanted));
            else configs.add(new Change(Action.CONFIGURE, pid, String.join(", ", differing.stream().filter(k -> !k.equals(MANAGED)).toList()), null, null, wanted));
        }
        for (Map.Entry<String, LocalJar> e : desiredBundles.entrySet()) {
            String file = e.getKey();
            Map<String, Object> present = actualBundles.stream().filter(b -> file.equals(b.get("file"))).findFirst().orElse(null);
            if (present == null) {
                deploys.add(new Change(Action.INSTALL, file, "", null, e.getValue().path(), null));
            } else if (!e.getValue().sha256().equalsIgnoreCase(String.valueOf(present.get("sha256")))) {
                deploys.add(new Change(Action.UPDATE, file, "was " + Base.str(present.get("version")), present.get("id"), e.getValue().path(), null));
            } else {
                same.add(Change.of(Action.UNCHANGED, file, Base.str(present.get("name")) + " " + Base.str(present.get("version"))));
            }
        }
        List<Change> all = new ArrayList<>(removals);
        all.addAll(configs);
        all.addAll(deploys);
        all.addAll(same);
        return all;
    }

    /** The properties of configuration {@code pid} (or {@code factoryPid-name}: ConfigAdmin's {@code factoryPid~name}), or null. */
    static Map<String, Object> properties(List<Map<String, Object>> configs, String pid) {
        Map<String, Object> target = ConfigValues.target(pid);
        for (Map<String, Object> c : configs) {
            String actualPid = String.valueOf(c.get("pid"));
            boolean match = target.containsKey("pid") ? actualPid.equals(pid)
                    : target.get("factoryPid").equals(c.get("factoryPid"))
                      && (actualPid.equals(target.get("factoryPid") + "~" + target.get("name")) || actualPid.equals(pid)
                          || target.get("name").equals(Base.map(c.get("properties")).get("name")));
            if (match) return Base.map(c.get("properties"));
        }
        return null;
    }
}
