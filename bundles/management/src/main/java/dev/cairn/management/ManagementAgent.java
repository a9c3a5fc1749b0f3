package dev.cairn.management;

import dev.cairn.bus.api.BusGrants;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Subscription;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import dev.cairn.management.api.Operations;
import dev.cairn.management.protocol.Reply;
import dev.cairn.management.protocol.SignedRequest;
import dev.cairn.management.protocol.Topics;
import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves signed management requests addressed to this node on bus topic {@code mgmt/<node>} (across
 * nodes: MQTT {@code <fleet>/svc/mgmt/<node>}), and answers every one — refusals included — with a
 * {@link Reply}. Nothing in a request can stop the agent: every failure becomes an error reply. Jackson's
 * object mapper ({@link Json}) and the operations (a delayed component: its helpers, their folders and the log
 * followers' thread) are made at the first request, so a node nobody manages does not pay for them before ready.
 */
// Its own node's management topic, mgmt/<node>; at the broker a node may only ever serve its own.
@BusGrants(serve = "mgmt/+")
@Component(service = MetricSource.class, immediate = true, configurationPid = ManagementConfig.PID)
public final class ManagementAgent implements MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementAgent.class);
    private static final Set<String> CHANGES = Set.of("bundles.start", "bundles.stop", "bundles.install", "bundles.update",
            "bundles.uninstall", "config.put", "config.delete");

    private final ComponentServiceObjects<Operations> operationsObjects;
    private volatile Operations operations;
    private final String node;
    private final ConfigurationAdmin admin;
    private final Path defaultKeys;
    private final Nonces nonces = new Nonces(120_000, 100_000);
    private final Refusals refusals = new Refusals(LOG);
    private final AtomicLong served = new AtomicLong();
    private final Subscription handler;
    private volatile Gatekeeper gate;
    private volatile int maxBytes;

    @Activate
    public ManagementAgent(BundleContext context, ManagementConfig config, @Reference Bus bus,
                           @Reference ComponentServiceObjects<Operations> operations,
                           @Reference ConfigurationAdmin admin) {
        this.operationsObjects = operations;
        this.admin = admin;
        this.node = context.getProperty("cairn.node.id");
        String home = context.getProperty("cairn.home");
        this.defaultKeys = Path.of(home == null ? "." : home, "conf", "trusted-keys").toAbsolutePath();
        configure(config);
        this.handler = bus.handle(Topics.management(node), SignedRequest.class, this::serve);
    }

    /**
     * A new configuration (trusted keys, clock window, size limit, demo mode) takes effect for the next
     * request; the bus subscription stays, so a remote change to this very configuration loses no request,
     * and the nonces already seen are kept, so no replay slips through the change.
     */
    @Modified
    void configure(ManagementConfig config) {
        List<Path> keys = new ArrayList<>();
        keys.add(config.trusted_keys_dir().isBlank() ? defaultKeys : Path.of(config.trusted_keys_dir()).toAbsolutePath());
        if (config.demo()) DemoMode.localKey(admin).ifPresent(keys::add);
        long skewMs = config.clock_skew_seconds() * 1000L;
        TrustedKeys trusted = new TrustedKeys(keys);
        nonces.lifetime(2 * skewMs);
        maxBytes = config.request_max_bytes();
        gate = new Gatekeeper(node, trusted, nonces, skewMs, maxBytes);
        LOG.info("management requests served on bus topic {}; {} trusted key(s) from {}", Topics.management(node), trusted.size(), keys);
    }

    @Deactivate
    void deactivate() {
        handler.close();
        Operations got = operations;
        if (got != null) operationsObjects.ungetService(got);
    }

    private Operations operations() {
        Operations got = operations;
        if (got != null) return got;
        synchronized (this) {
            if (operations == null) operations = operationsObjects.getService();
            // null when the operations component failed to activate; SCR has logged why
            if (operations == null) throw new IllegalStateException("the node's management operations did not start (see the node's log)");
            return operations;
        }
    }

    Reply serve(SignedRequest signed) {
        long now = System.currentTimeMillis();
        String id = null;
        String op = null;
        try {
            Request r = gate.admit(signed, now);
            id = r.id();
            op = r.op();
            Object result = operations().call(op, r.args());
            served.incrementAndGet();
            if (CHANGES.contains(op) || "node.upgrade".equals(op) && result instanceof java.util.Map<?, ?> m && m.containsKey("restarting"))
                LOG.info("management: {} by key {}: done", op, signed.key());
            return Reply.ok(id, result);
        } catch (OperationException e) {
            if (id == null) id = idOf(signed);
            refusals.count(e.code(), op, e.getMessage(), now);
            return Reply.error(id, e.code().name(), e.getMessage(), e.field());
        } catch (RuntimeException | LinkageError e) {
            if (id == null) id = idOf(signed);
            LOG.error("management op {} failed", op, e);
            refusals.count(ErrorCode.FAILED, op, e.toString(), now);
            return Reply.error(id, ErrorCode.FAILED.name(), "the node failed to carry out " + op + ": " + Causes.of(e), null);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        out.counter("cairn_management_requests_served_total", "Management requests carried out", served.get());
        for (ErrorCode c : ErrorCode.values()) {
            out.counter("cairn_management_refused_total", "Management requests refused or failed, by error code", refusals.count(c), "code", c.name());
        }
    }

    private String idOf(SignedRequest signed) {
        return signed == null || signed.request() == null || signed.request().length() > maxBytes ? null : Request.idOf(signed.request());
    }

}
