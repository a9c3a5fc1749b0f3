package dev.cairn.management;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;

/** What a node is: id, version, labels, uptime, memory, Java and OS. */
final class NodeInfo {
    private NodeInfo() {}

    static Map<String, Object> of(BundleContext context) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("node", context.getProperty("cairn.node.id"));
        info.put("version", context.getProperty("cairn.version"));
        info.put("labels", context.getProperty("cairn.node.labels"));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        info.put("startedAt", Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString());
        info.put("uptimeMs", uptime);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        info.put("heapUsedBytes", heap.getUsed());
        info.put("heapMaxBytes", heap.getMax());
        info.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        info.put("cpus", Runtime.getRuntime().availableProcessors());
        info.put("bundles", context.getBundles().length);
        return info;
    }
}
