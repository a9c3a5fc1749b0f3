package dev.cairn.launcher;

import dev.cairn.launcher.spi.BundleDiagnosis;
import dev.cairn.launcher.spi.DeployProblems;
import dev.cairn.launcher.spi.NodeLogs;
import dev.cairn.launcher.spi.RuntimeUpgrades;
import dev.cairn.launcher.spi.WhyNotRunning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.util.tracker.ServiceTracker;

/** One running node: an embedded Felix with the system bundles started and deploy/ watched. */
final class Node {
    private static final Logger LOG = Logger.getLogger("dev.cairn.launcher");

    /** Packages of the launcher's class path that bundles share: one log for all, and the launcher SPI. */
    private static final String SYSTEM_PACKAGES_EXTRA = String.join(",",
            "org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17", "org.slf4j.helpers;version=2.0.17",
            "org.slf4j.spi;version=2.0.17",
            // as slf4j-api 2 exports them itself: bundles built against SLF4J 1.7 resolve too
            "org.slf4j;version=1.7.36", "org.slf4j.helpers;version=1.7.36",
            "org.osgi.service.log;version=1.5.0", "org.osgi.service.log.admin;version=1.0.0",
            "dev.cairn.launcher.spi;version=1.4.0");

    private final NodeSettings settings;
    private final Problems problems = new Problems();
    /** Bundles that did start: a failed start also ends in STOPPED, which is no news worth a line. */
    private final Set<Long> started = ConcurrentHashMap.newKeySet();
    private Framework framework;
    private ServiceTracker<?, ?> logTracker;
    private ServiceTracker<BundleDiagnosis, BundleDiagnosis> diagnosis;
    private List<SystemBundles.Entry> systemBundles;
    private RuntimeUpgrades upgrades;
    private NodeLogs logs;

    Node(NodeSettings settings) {
        this.settings = settings;
    }

    /** Offers the node's own upgrade to its bundles (the management agent), from the next start. */
    void offer(RuntimeUpgrades upgrades) {
        this.upgrades = upgrades;
    }

    /** Offers the node's recent log to its bundles (the management agent: cairnctl logs), from the next start. */
    void offer(NodeLogs logs) {
        this.logs = logs;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    List<String> systemLocations() {
        return systemBundles.stream().map(SystemBundles.Entry::location).collect(Collectors.toList());
    }

    /** Symbolic names of the active bundles that are not system bundles: what deploy/ and management installed. */
    Set<String> activeDeployBundles() {
        Set<String> names = new java.util.TreeSet<>();
        if (framework == null) return names;
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (b.getBundleId() != 0 && b.getState() == Bundle.ACTIVE && !b.getLocation().startsWith(SystemBundles.LOCATION_PREFIX)
                    && b.getSymbolicName() != null) {
                names.add(b.getSymbolicName());
            }
        }
        return names;
    }

    /** Starts the framework and every system bundle; returns whether all of them became active. */
    boolean start(long t0Millis) throws IOException, BundleException, InterruptedException {
        Path data = settings.dir(Setting.DATA_DIR);
        Path deploy = settings.dir(Setting.DEPLOY_DIR);
        Files.createDirectories(deploy);
        systemBundles = SystemBundles.find(settings.dir(Setting.SYSTEM_DIR));
        int deployLevel = SystemBundles.highestLevel(systemBundles) + 1;

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        framework = factory.newFramework(frameworkConfig(data, deploy, deployLevel));
        framework.init();
        watch(framework, deploy);
        reconcileSystemBundles(data);

        CountDownLatch started = new CountDownLatch(1);
        framework.getBundleContext().addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.STARTED) started.countDown();
        });
        framework.start();
        started.await();

        List<Bundle> notActive = systemBundles.stream()
                .map(e -> framework.getBundleContext().getBundle(e.location()))
                .filter(b -> b != null && b.getState() != Bundle.ACTIVE && !NodeStatus.isFragment(b))
                .collect(Collectors.toList());
        if (!notActive.isEmpty()) {
            notActive.forEach(b -> LOG.severe("system bundle " + b.getSymbolicName() + " is "
                    + NodeStatus.stateName(b.getState()) + ": " + status().reason(b)));
            return false;
        }
        LOG.info(String.format("ready in %d ms: node %s, %d system bundles active, watching %s",
                System.currentTimeMillis() - t0Millis, settings.nodeId(), systemBundles.size(), deploy));
        return true;
    }

    private Map<String, String> frameworkConfig(Path data, Path deploy, int deployLevel) {
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, data.resolve("framework").toString());
        cfg.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(deployLevel));
        cfg.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
        cfg.put("felix.startlevel.bundle", Integer.toString(deployLevel));
        cfg.put("felix.log.level", "2");
        cfg.put("org.osgi.service.log.admin.loglevel", LogLevel.parse(settings.get(Setting.LOG_LEVEL)).name());
        // What bundles may read with BundleContext.getProperty: the node's identity and where it lives.
        cfg.put("cairn.node.id", settings.nodeId());
        cfg.put("cairn.node.labels", settings.get(Setting.NODE_LABELS).replace(" ", ""));
        cfg.put("cairn.version", Main.version());
        cfg.put("cairn.home", settings.home().toString());
        cfg.put("cairn.data.dir", data.toString());
        // ConfigAdmin keeps configurations in data/config, not in its bundle's data area, which goes when the bundle
        // is installed from another place (an upgraded runtime's system/): configurations outlive an upgrade.
        cfg.put("felix.cm.dir", data.resolve("config").toString());
        cfg.put("felix.fileinstall.dir", deploy.toString());
        cfg.put("felix.fileinstall.poll", settings.get(Setting.DEPLOY_POLL_MS));
        cfg.put("felix.fileinstall.noInitialDelay", "true");
        cfg.put("felix.fileinstall.start.level", Integer.toString(deployLevel));
        cfg.put("felix.fileinstall.log.level", "2");
        cfg.put("felix.fileinstall.tmpdir", data.resolve("tmp").toString());
        // Only finished files: copy tools write x.jar.part or .x.jar and rename, so a file being copied is never seen.
        cfg.put("felix.fileinstall.filter", "^[^.].*\\.(jar|cfg|config|json)$");
        // FileInstall would rewrite a .cfg at every configuration event and could overwrite an edit saved meanwhile;
        // changes made through management are written to their file by the management agent instead.
        cfg.put("felix.fileinstall.enableConfigSave", "false");
        // HTTP is off until configured: Jetty starts no server before configuration org.apache.felix.http
        // exists, which the web bundle writes from dev.cairn.web (README, "HTTP").
        cfg.put("org.apache.felix.http.require.config", "true");
        // SCR keeps the component descriptions it parsed (in its data area, written when it stops) and reads them
        // back at the next start for each bundle not changed since (same id, same last-modified time): a warm start
        // parses no descriptor XML and never loads the JDK's XML parser (BENCHMARKS.md, "What a node does before
        // ready"). A bundle that is updated, uninstalled or re-resolved is parsed again.
        cfg.put("ds.cache.metadata", "true");
        cfg.putAll(settings.frameworkProperties());
        Map<String, Object> withLogger = new HashMap<>(cfg);
        withLogger.put("felix.log.logger", new FrameworkLog());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> raw = (Map) withLogger;
        return raw;
    }

    private void watch(Framework fw, Path deploy) {
        var context = fw.getBundleContext();
        context.registerService(DeployProblems.class, problems, null);
        if (upgrades != null) context.registerService(RuntimeUpgrades.class, upgrades, null);
        if (logs != null) context.registerService(NodeLogs.class, logs, null);
        context.registerService(WhyNotRunning.class, new WhyNotRunning() {
            @Override
            public Optional<String> bundle(Bundle b) {
                return Optional.of(status().reason(b)).filter(r -> !r.isEmpty());
            }

            @Override
            public Optional<String> file(Path file) {
                return problems.of(file);
            }
        }, null);
        logTracker = new OsgiLogBridge(problems).track(context);
        diagnosis = new ServiceTracker<>(context, BundleDiagnosis.class, null);
        diagnosis.open();
        context.addBundleListener(e -> logBundleEvent(e, deploy));
        context.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.ERROR) {
                LOG.log(Level.SEVERE, e.getBundle().getSymbolicName() + ": " + e.getThrowable(), e.getThrowable());
            } else if (e.getType() == FrameworkEvent.WARNING) {
                LOG.log(Level.WARNING, e.getBundle().getSymbolicName() + ": " + e.getThrowable());
            }
        });
    }

    private void logBundleEvent(BundleEvent e, Path deploy) {
        Bundle b = e.getBundle();
        var file = OsgiLogBridge.fileOfLocation(b.getLocation()).filter(f -> f.startsWith(deploy));
        String what = switch (e.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        if (what == null) return;
        if (e.getType() == BundleEvent.STARTED) started.add(b.getBundleId());
        if (e.getType() == BundleEvent.STOPPED && !started.remove(b.getBundleId())) return;
        if (file.isPresent() && e.getType() != BundleEvent.STOPPED) problems.clear(file.get());
        Level level = file.isPresent() ? Level.INFO : Level.FINE;
        LOG.log(level, () -> what + " " + b.getSymbolicName() + " " + b.getVersion()
                + file.map(f -> " (" + deploy.relativize(f) + ")").orElse(""));
    }

    /**
     * Installs what is new in system/, updates what changed, removes what is gone; the rest is already
     * cached in data/. "Changed" is judged by the size and time stamp each JAR had when it was last
     * installed (kept in data/), so a replacement with an older time stamp is seen too. Removal comes
     * first: a moved installation has new locations for the same bundles.
     */
    private void reconcileSystemBundles(Path data) throws BundleException, IOException {
        var context = framework.getBundleContext();
        SystemBundles.Stamps stamps = SystemBundles.Stamps.load(data.resolve("system-bundles.properties"));
        Map<String, SystemBundles.Entry> wanted = new HashMap<>();
        systemBundles.forEach(e -> wanted.put(e.location(), e));
        Map<String, Bundle> installed = new HashMap<>();
        CarriedData carried = new CarriedData(Path.of(context.getProperty(Constants.FRAMEWORK_STORAGE)),
                data.resolve("carried"));
        for (Bundle b : context.getBundles()) {
            if (!b.getLocation().startsWith(SystemBundles.LOCATION_PREFIX)) continue;
            if (wanted.containsKey(b.getLocation())) {
                installed.put(b.getLocation(), b);
            } else {
                LOG.info("removing system bundle " + b.getSymbolicName() + ": " + b.getLocation() + " is gone");
                carried.keep(b);
                b.uninstall();
            }
        }
        boolean restore = carried.holdsAny();
        for (SystemBundles.Entry entry : systemBundles) {
            Bundle b = installed.get(entry.location());
            if (b == null) {
                b = context.installBundle(entry.location());
            } else if (!stamps.matches(entry)) {
                LOG.info("updating system bundle " + b.getSymbolicName() + " from " + entry.jar().getFileName());
                b.update();
            }
            if (restore) carried.restore(b);
            b.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
            if (!NodeStatus.isFragment(b)) b.start(Bundle.START_ACTIVATION_POLICY);
        }
        stamps.save(systemBundles);
    }

    /** Stops bundles in reverse start order; false when they did not all stop in time. */
    boolean stop() throws InterruptedException {
        if (framework == null) return true;
        try {
            framework.stop();
        } catch (BundleException e) {
            LOG.log(Level.SEVERE, "cannot stop the framework", e);
        }
        FrameworkEvent event = framework.waitForStop(settings.getLong(Setting.STOP_TIMEOUT_MS));
        if (logTracker != null) logTracker.close();
        if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            LOG.severe("bundles did not stop within " + settings.get(Setting.STOP_TIMEOUT_MS) + " ms");
            return false;
        }
        return true;
    }

    /** Blocks until the framework stops by itself (an update of the system bundle, or a bundle stopping it). */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    NodeStatus status() {
        Object[] found = diagnosis == null ? null : diagnosis.getServices();
        List<BundleDiagnosis> all = new ArrayList<>();
        if (found != null) for (Object d : found) all.add((BundleDiagnosis) d);
        return new NodeStatus(framework, problems, settings.home(), all);
    }

}
