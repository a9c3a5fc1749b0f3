package dev.cairn.observe.impl;

import dev.cairn.bus.api.Bus;
import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import dev.cairn.observe.NodeMetrics;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's metrics: the JVM's (Prometheus' own JVM instrumentation: memory, GC, threads, classes,
 * process), bundles by state, the bus counters, and every {@link MetricSource} service — gathered at each
 * scrape, written in the Prometheus text format by the Prometheus library.
 */
@Component(service = NodeMetrics.class, configurationPid = NodeMetricsService.PID)
@Designate(ocd = ObserveConfig.class)
public final class NodeMetricsService implements NodeMetrics {
    static final String PID = "dev.cairn.observe";
    private static final Logger LOG = LoggerFactory.getLogger(NodeMetricsService.class);
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry jvm = new PrometheusRegistry();
    private final Supplier<List<BundleView>> bundles;
    private final Map<String, String> node;
    private final int maxTopics;
    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();
    private final Set<String> loggedProblems = ConcurrentHashMap.newKeySet();
    private volatile Bus bus;

    @Activate
    public NodeMetricsService(BundleContext context, ObserveConfig config) {
        this(() -> Arrays.stream(context.getBundles()).map(BundleView::of).toList(),
                nodeLabels(context.getProperty("cairn.node.id"), context.getProperty("cairn.version")), config.metrics_bus_topics_max());
    }

    NodeMetricsService(Supplier<List<BundleView>> bundles, Map<String, String> node, int maxTopics) {
        if (maxTopics < 0) throw new IllegalArgumentException("metrics.bus.topics.max must be at least 0, not " + maxTopics);
        this.bundles = bundles;
        this.node = node;
        this.maxTopics = maxTopics;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setBus(Bus b) {
        bus = b;
    }

    void unsetBus(Bus b) {
        if (bus == b) bus = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(MetricSource s) {
        sources.add(s);
    }

    void removeSource(MetricSource s) {
        sources.remove(s);
    }

    @Override
    public String prometheusText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            TEXT.write(out, scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public List<Sample> samples() {
        return Samples.of(scrape());
    }

    MetricSnapshots scrape() {
        registerJvmMetrics();
        MetricSnapshots own = jvm.scrape();
        Set<String> taken = new HashSet<>();
        for (MetricSnapshot m : own) taken.add(m.getMetadata().getPrometheusName());
        SnapshotWriter w = new SnapshotWriter(taken, this::problem);
        writeNode(w);
        Bus b = bus;
        if (b != null) BusMetrics.write(b.stats(), maxTopics, w);
        for (MetricSource s : sources) {
            try {
                s.collect(w);
            } catch (RuntimeException | LinkageError e) {
                problem("metric source " + s.getClass().getName() + " threw " + e);
            }
        }
        List<MetricSnapshot> all = new ArrayList<>(own.size() + 32);
        own.forEach(all::add);
        all.addAll(w.snapshots());
        return new MetricSnapshots(all);
    }

    private boolean jvmRegistered;

    /** At the first scrape, not at activation: the JVM instrumentation costs ~100 ms and MiBs a node need not pay until asked. */
    private synchronized void registerJvmMetrics() {
        if (!jvmRegistered) {
            JvmMetrics.builder().register(jvm);
            jvmRegistered = true;
        }
    }

    private void writeNode(MetricWriter w) {
        List<String> labels = new ArrayList<>();
        node.forEach((k, v) -> {
            labels.add(k);
            labels.add(v);
        });
        w.gauge("cairn_node_info", "This node: its id and Cairn version.", 1, labels.toArray(String[]::new));
        Map<String, Integer> byState = new LinkedHashMap<>();
        for (String s : List.of("ACTIVE", "LAZY", "RESOLVED", "INSTALLED", "STARTING", "STOPPING")) byState.put(s, 0);
        for (BundleView bv : bundles.get()) byState.merge(bv.stateName(), 1, Integer::sum);
        byState.forEach((state, n) -> w.gauge("cairn_bundles", "Bundles by state.", n, "state", state));
    }

    /** Logged once per distinct problem, so that a broken source does not flood the log at every scrape. */
    private void problem(String message) {
        if (loggedProblems.size() < 1_000 && loggedProblems.add(message)) LOG.warn("metrics: {} (logged once)", message);
    }

    private static Map<String, String> nodeLabels(String id, String version) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node", id == null ? "" : id);
        m.put("version", version == null ? "" : version);
        return m;
    }
}
