package dev.cairn.web;

import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import dev.cairn.management.api.Operations;
import dev.cairn.management.api.Secrets;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The few operations the dashboard needs, for a node without the management agent: node.info,
 * bundles.list|start|stop and config.list. When the agent runs, the dashboard calls its
 * {@link Operations} instead, so that both front ends share one implementation; the masking rule is the
 * shared {@link Secrets#isSecretKey}.
 */
final class LocalOperations implements Operations {
    private final BundleContext context;
    private final ConfigurationAdmin cm;

    LocalOperations(BundleContext context, ConfigurationAdmin cm) {
        this.context = context;
        this.cm = cm;
    }

    @Override
    public Object call(String op, Map<String, ?> args) throws OperationException {
        return switch (op) {
            case "node.info" -> nodeInfo();
            case "bundles.list" -> Arrays.stream(context.getBundles()).map(LocalOperations::bundle).toList();
            case "bundles.start", "bundles.stop" -> startStop(op.endsWith("start"), args.get("bundle"));
            case "config.list" -> configs();
            default -> throw new OperationException(ErrorCode.UNKNOWN_OP, "the dashboard cannot do " + op + " without the management agent");
        };
    }

    private Map<String, Object> nodeInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        Runtime rt = Runtime.getRuntime();
        m.put("node", context.getProperty("cairn.node.id"));
        m.put("version", context.getProperty("cairn.version"));
        m.put("labels", context.getProperty("cairn.node.labels"));
        m.put("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime());
        m.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        m.put("heapMaxBytes", rt.maxMemory());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("bundles", context.getBundles().length);
        return m;
    }

    static Map<String, Object> bundle(Bundle b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.getBundleId());
        m.put("name", b.getSymbolicName());
        m.put("version", b.getVersion().toString());
        m.put("state", state(b.getState()));
        m.put("location", b.getLocation());
        return m;
    }

    private Object startStop(boolean start, Object which) throws OperationException {
        if (which == null) throw new OperationException(ErrorCode.BAD_REQUEST, "bundle is missing", "bundle");
        Bundle b = find(String.valueOf(which));
        if (b.getBundleId() == 0) throw new OperationException(ErrorCode.BAD_REQUEST, "the system bundle is not started or stopped from here", "bundle");
        try {
            if (start) b.start();
            else b.stop();
        } catch (BundleException | IllegalStateException e) {
            throw new OperationException(ErrorCode.FAILED, (start ? "cannot start " : "cannot stop ") + b.getSymbolicName() + ": " + e.getMessage());
        }
        return bundle(b);
    }

    private Bundle find(String which) throws OperationException {
        for (Bundle b : context.getBundles()) {
            if (which.equals(Long.toString(b.getBundleId())) || which.equals(b.getSymbolicName())) return b;
        }
        throw new OperationException(ErrorCode.NOT_FOUND, "no bundle " + which, "bundle");
    }

    private List<Map<String, Object>> configs() throws OperationException {
        if (cm == null) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            Configuration[] all = cm.listConfigurations(null);
            if (all == null) return out;
            for (Configuration c : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pid", c.getPid());
                m.put("factoryPid", c.getFactoryPid());
                Map<String, Object> props = new java.util.TreeMap<>();
                Dictionary<String, Object> d = c.getProperties();
                if (d != null) {
                    for (Enumeration<String> keys = d.keys(); keys.hasMoreElements(); ) {
                        String k = keys.nextElement();
                        Object v = d.get(k);
                        props.put(k, Secrets.isSecretKey(k) ? Secrets.MASK : v.getClass().isArray() ? arrayToList(v) : String.valueOf(v));
                    }
                }
                m.put("properties", props);
                out.add(m);
            }
        } catch (Exception e) {
            throw new OperationException(ErrorCode.FAILED, "cannot list configurations: " + e.getMessage());
        }
        out.sort((a, b) -> String.valueOf(a.get("pid")).compareTo(String.valueOf(b.get("pid"))));
        return out;
    }

    private static List<String> arrayToList(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(String.valueOf(java.lang.reflect.Array.get(array, i)));
        return Collections.unmodifiableList(out);
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
