package dev.cairn.launcher;

import dev.cairn.launcher.spi.Readiness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The health window of a runtime on trial: it commits once the node has been healthy for {@link #SETTLE_MS}
 * without a break, and rolls back when the window ends first. Healthy means every system bundle active,
 * every deploy/ bundle that was active before the upgrade active again, and every {@link Readiness} ready
 * (the MQTT transport connected to its broker, when it is configured).
 */
final class TrialWatch {
    /** Healthy this long in a row: a bundle that starts and fails a moment later is caught. */
    static final long SETTLE_MS = 3_000;
    private static final long CHECK_MS = 250;
    private static final Logger LOG = Logger.getLogger("dev.cairn.launcher");

    private final Upgrades upgrades;
    private final Upgrades.RunningTrial trial;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-upgrade-trial");
        t.setDaemon(true);
        return t;
    });
    private volatile BundleContext context;
    private volatile List<String> systemLocations = List.of();
    private volatile ServiceTracker<Readiness, Readiness> readiness;
    private long healthySince = -1;
    private String lastProblem = "the node has not started yet";
    private boolean done;

    private TrialWatch(Upgrades upgrades, Upgrades.RunningTrial trial) {
        this.upgrades = upgrades;
        this.trial = trial;
    }

    /** Starts the window now, before the framework starts: a runtime that hangs in its start is caught too. */
    static Optional<TrialWatch> begin(Upgrades upgrades) {
        return upgrades.runningTrial().map(t -> {
            TrialWatch w = new TrialWatch(upgrades, t);
            LOG.info("upgrade: Cairn " + t.trial().version() + " on trial until " + t.trial().deadline()
                    + "; expecting active: " + (t.expectActive().isEmpty() ? "no deploy/ bundles" : String.join(", ", t.expectActive())));
            w.timer.scheduleWithFixedDelay(w::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
            return w;
        });
    }

    /** The framework is up; {@code ready} is false when a system bundle did not start, which fails at once. */
    void started(BundleContext context, List<String> systemLocations, boolean ready) {
        ServiceTracker<Readiness, Readiness> tracker = new ServiceTracker<>(context, Readiness.class, null);
        tracker.open();
        this.readiness = tracker;
        this.systemLocations = List.copyOf(systemLocations);
        this.context = context;
        if (!ready) timer.execute(() -> decide(problem().orElse("a system bundle did not start")));
    }

    /** The node failed before it was ready: nothing to wait for. Returns once the roll-back is recorded. */
    void failed(String why) {
        decide(why);
    }

    private synchronized void check() {
        if (done) return;
        long now = System.currentTimeMillis();
        Optional<String> problem = context == null ? Optional.of(lastProblem) : problem();
        if (problem.isEmpty()) {
            if (healthySince < 0) healthySince = now;
            if (now - healthySince >= SETTLE_MS) commit();
            return;
        }
        healthySince = -1;
        lastProblem = problem.get();
        if (now >= trial.trial().deadline().toEpochMilli()) {
            decide("not healthy within the health window: " + lastProblem);
        }
    }

    private void commit() {
        done = true;
        timer.shutdown();
        try {
            upgrades.commit(trial);
        } catch (IOException e) {
            LOG.severe("upgrade: cannot commit: " + e.getMessage());
            upgrades.rollBack(trial, "cannot record the commit: " + e.getMessage());
        }
    }

    private synchronized void decide(String reason) {
        if (done) return;
        done = true;
        timer.shutdown();
        upgrades.rollBack(trial, reason);
    }

    /** What keeps the node from being healthy now, or empty. */
    private Optional<String> problem() {
        BundleContext ctx = context;
        List<String> problems = new ArrayList<>();
        for (String location : systemLocations) {
            Bundle b = ctx.getBundle(location);
            if (b == null) {
                problems.add("system bundle " + location + " is not installed");
            } else if (!running(b)) {
                problems.add("system bundle " + b.getSymbolicName() + " is " + NodeStatus.stateName(b));
            }
        }
        for (String name : trial.expectActive()) {
            boolean active = false;
            for (Bundle b : ctx.getBundles()) active |= name.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE;
            if (!active) problems.add("bundle " + name + " was active before the upgrade and is not now");
        }
        ServiceTracker<Readiness, Readiness> tracker = readiness;
        Object[] all = tracker == null ? null : tracker.getServices();
        if (all != null) for (Object r : all) ((Readiness) r).notReady().ifPresent(problems::add);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** Active, or waiting for its first class load (lazy activation), or a fragment, which never starts. */
    private static boolean running(Bundle b) {
        return b.getState() == Bundle.ACTIVE || NodeStatus.isFragment(b) || NodeStatus.isLazy(b);
    }
}
