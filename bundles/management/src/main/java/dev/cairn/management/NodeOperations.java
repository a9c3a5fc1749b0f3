package dev.cairn.management;

import dev.cairn.launcher.spi.DeployProblems;
import dev.cairn.launcher.spi.NodeChannel;
import dev.cairn.launcher.spi.NodeLogs;
import dev.cairn.launcher.spi.RuntimeUpgrades;
import dev.cairn.launcher.spi.WhyNotRunning;
import dev.cairn.bus.trace.Traces;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import dev.cairn.management.api.Operations;
import dev.cairn.observe.NodeHealth;
import dev.cairn.observe.NodeMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;

/** The node's management operations, shared by every front end (signed MQTT requests, the dashboard). */
@Component(service = Operations.class, configurationPid = ManagementConfig.PID)
@Designate(ocd = ManagementConfig.class)
public final class NodeOperations implements Operations {
    private final BundleContext context;
    private final BundleOps bundles;
    private final DeployOps deploys;
    private final ConfigOps configs;
    private final UpgradeOps upgrades;
    private final LogOps logOps;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaTypeService metaType;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WhyNotRunning why;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeployProblems problems;
    /** The launcher's; absent where the framework was not started by Cairn's launcher (Pax Exam tests). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RuntimeUpgrades runtime;
    /** The launcher's recent log; absent as the upgrade service is. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeLogs logs;
    /** The MQTT transport's publisher on this node's own topics, for log followers; absent without a transport. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeChannel channel;

    @Activate
    public NodeOperations(BundleContext context, @Reference ConfigurationAdmin admin, ManagementConfig config) throws IOException {
        this.context = context;
        String deployDir = context.getProperty("felix.fileinstall.dir");
        Path deploy = Path.of(deployDir == null ? "deploy" : deployDir).toAbsolutePath().normalize();
        FileHashes hashes = new FileHashes();
        this.bundles = new BundleOps(context, deploy, hashes, () -> why);
        this.deploys = new DeployOps(context, deploy, context.getDataFile("deploys").toPath(), config.bundle_max_bytes(), bundles,
                () -> why, () -> problems, config.deploy_timeout_ms());
        this.configs = new ConfigOps(context, admin, () -> metaType);
        this.upgrades = new UpgradeOps(context.getDataFile("upgrades").toPath(), config.runtime_max_bytes(), () -> runtime,
                () -> context.getProperty("cairn.version"));
        this.logOps = new LogOps(() -> logs, () -> channel, config.log_follow_lines_per_second(), config.log_follow_burst());
    }

    @Deactivate
    void deactivate() {
        logOps.close();
    }

    /** New limits take effect without re-registering the service (the agent and the dashboard keep it). */
    @Modified
    void configure(ManagementConfig config) {
        deploys.limits(config.bundle_max_bytes(), config.deploy_timeout_ms());
        upgrades.maxBytes(config.runtime_max_bytes());
        logOps.limits(config.log_follow_lines_per_second(), config.log_follow_burst());
    }

    @Override
    public Object call(String op, Map<String, ?> arguments) throws OperationException {
        Args args = new Args(arguments);
        return switch (op) {
            case "node.info" -> NodeInfo.of(context);
            case "bundles.list" -> bundles.list();
            case "bundles.start" -> bundles.start(args);
            case "bundles.stop" -> bundles.stop(args);
            case "bundles.install" -> deploys.upload(args, false);
            case "bundles.update" -> deploys.upload(args, true);
            case "bundles.uninstall" -> deploys.uninstall(args);
            case "config.list" -> configs.list();
            case "config.get" -> configs.get(args);
            case "config.put" -> configs.put(args);
            case "config.delete" -> configs.delete(args);
            case "health" -> ask(NodeHealth.class, "observe", NodeHealth::report);
            case "metrics" -> ask(NodeMetrics.class, "observe", NodeMetrics::samples);
            case "node.upgrade" -> upgrades.upgrade(args);
            case "node.upgrade.status" -> upgrades.status();
            case "node.logs" -> logOps.recent(args);
            case "node.logs.follow" -> logOps.follow(args);
            case "trace.get" -> ask(Traces.class, "bus", traces -> TraceOps.trace(traces, args));
            case "trace.recent" -> ask(Traces.class, "bus", traces -> TraceOps.recent(traces, args));
            default -> throw new OperationException(ErrorCode.UNKNOWN_OP, "no operation '" + op + "'; known: node.info, node.upgrade, "
                    + "node.upgrade.status, node.logs, node.logs.follow, trace.get, trace.recent, bundles.list|start|stop|install|update|uninstall, config.list|get|put|delete, health, metrics", "op");
        };
    }

    /**
     * Health, metrics and traces are looked up when asked for, not bound: binding would activate the observe bundle's
     * components at every start, and a node need not pay for them until someone asks.
     */
    private <S> Object ask(Class<S> type, String bundle, Question<S> question) throws OperationException {
        ServiceReference<S> ref = context.getServiceReference(type);
        S service = ref == null ? null : context.getService(ref);
        if (service == null) throw new OperationException(ErrorCode.FAILED, type.getSimpleName() + " is not available: the " + bundle + " bundle is not running");
        try {
            return question.ask(service);
        } finally {
            context.ungetService(ref);
        }
    }

    private interface Question<S> {
        Object ask(S service) throws OperationException;
    }
}
