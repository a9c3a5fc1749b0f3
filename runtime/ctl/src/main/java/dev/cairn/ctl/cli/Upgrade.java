package dev.cairn.ctl.cli;

import dev.cairn.ctl.CairnTarball;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.DeployListener;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.NodeStatus;
import dev.cairn.ctl.UpgradeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "upgrade", description = {"Upgrade the Cairn runtime of a node, or of every online node with the labels given, to a cairn-VERSION.tar.gz.",
        "The tarball goes over MQTT in chunks that resume where they stopped; the node unpacks it beside its runtime and restarts "
        + "into it on trial. It commits once healthy within the health window (system bundles active, broker reachable, every "
        + "bundle that was active active again), otherwise it goes back to the version it ran, by itself, and says why. "
        + "Nodes go one at a time (--max-unavailable N: up to N at once); the first failure stops the rollout, and nodes not "
        + "started yet are left as they are. A node on that version already is skipped. --timeout: how long to wait for each "
        + "node's outcome once the tarball is sent (default: the health window + 2 min, at least 5 min)."})
final class Upgrade extends Base {
    static final Duration MIN_WINDOW = Duration.ofSeconds(5);
    static final Duration MAX_WINDOW = Duration.ofHours(1);
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(names = "--selector", paramLabel = "LABEL=VALUE", description = "every online node with these labels (role=edge,site=north) instead of NODE")
    String selector;

    @Parameters(paramLabel = "[NODE] FILE.tar.gz", hideParamSyntax = true, arity = "1..2", description = "a node id (not with --selector) and the Cairn tarball")
    List<String> params;

    @Option(names = "--health-window", paramLabel = "DURATION", converter = Cairnctl.Durations.class, defaultValue = "60s",
            description = "how long the new runtime has to be healthy before it is rolled back: 5s to 1h (default 60s)")
    Duration window;

    @Option(names = "--max-unavailable", paramLabel = "N", defaultValue = "1", description = "nodes upgraded at once (default 1)")
    int maxUnavailable;

    private final Map<String, Map<String, Object>> details = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws CtlException, InterruptedException {
        if (selector == null && params.size() != 2)
            throw new ParameterException(spec.commandLine(), "upgrade needs NODE and FILE.tar.gz, or --selector LABEL=VALUE and FILE.tar.gz");
        if (selector != null && params.size() != 1)
            throw new ParameterException(spec.commandLine(), "with --selector, give only FILE.tar.gz (no NODE)");
        if (maxUnavailable < 1) throw new ParameterException(spec.commandLine(), "--max-unavailable must be at least 1, not " + maxUnavailable);
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0)
            throw new ParameterException(spec.commandLine(), "--health-window must be between 5s and 1h, not " + seconds(window));
        Path file = Path.of(params.get(params.size() - 1));
        if (!Files.isRegularFile(file)) throw new CtlException(CtlException.Kind.USAGE, "no file " + file);
        CairnTarball tarball;
        try {
            tarball = CairnTarball.read(file);
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, file + ": " + e.getMessage(), e);
        }
        Duration wait = root().timeout != null ? root().timeout : max(Duration.ofMinutes(5), window.plusMinutes(2));
        if (wait.compareTo(window) <= 0)
            throw new ParameterException(spec.commandLine(), "--timeout (" + seconds(wait) + ") must be longer than --health-window (" + seconds(window) + ")");

        List<String> nodes;
        if (selector != null) {
            Map<String, String> s = NodeStatus.parseSelector(selector);
            nodes = root().client().select(s).stream().map(NodeStatus::node).toList();
            if (nodes.isEmpty()) throw new CtlException(CtlException.Kind.UNREACHABLE, "no online node matches " + selector);
        } else {
            nodes = List.of(params.get(0));
        }
        boolean bars = root().terminal && !root().json() && maxUnavailable == 1;
        List<Rollout.Result> results = Rollout.run(nodes, maxUnavailable, node -> upgrade(node, tarball, wait, bars));
        return report(results);
    }

    /** One node: status, upload, restart, outcome. */
    private Rollout.Result upgrade(String node, CairnTarball tarball, Duration wait, boolean bars) {
        long t0 = System.nanoTime();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("node", node);
        d.put("version", tarball.version());
        details.put(node, d);
        Duration call = ManagementClient.DEFAULT_TIMEOUT;
        try (ManagementClient c = ManagementClient.connect(root().clientOptions())) {
            UpgradeStatus before = c.upgradeStatus(node, call);
            d.put("from", before.version());
            if (tarball.version().equals(before.version())) {
                d.put("result", "skipped");
                return Rollout.Result.skipped(node, say(node + ": already runs " + tarball.version() + ", skipped"));
            }
            if (before.trial() != null) {
                throw new CtlException(CtlException.Kind.REFUSED, "an upgrade to " + before.trial().version() + " is on trial until "
                        + before.trial().deadline() + "; wait for its outcome");
            }
            if (!before.upgradable()) throw new CtlException(CtlException.Kind.REFUSED, "this node's launcher cannot upgrade itself");
            long size = Files.size(tarball.file());
            say(node + ": sending " + tarball.file().getFileName() + " (" + ProgressBar.size(size) + "), " + before.version() + " -> "
                    + tarball.version() + ", health window " + seconds(window));
            ProgressBar bar = bars ? new ProgressBar(root().err, tarball.file().getFileName() + " → " + node) : null;
            long u0 = System.nanoTime();
            Map<String, Object> sent;
            try {
                sent = c.sendUpgrade(node, tarball, window, ManagementClient.CHUNK_BYTES, bar == null ? DeployListener.NONE : bar, call);
            } finally {
                if (bar != null) bar.finish();
            }
            d.put("uploadSeconds", secondsSince(u0));
            say(node + ": sent in " + fmt(secondsSince(u0)) + " s; restarting into " + sent.get("version") + " on trial");
            UpgradeStatus.Outcome o = c.awaitUpgrade(node, tarball.version(), before.lastOutcomeId(), wait, POLL, new ManagementClient.UpgradeWatcher() {
                @Override
                public void offline(String reason) {
                    say(node + ": restarting (" + reason + ")");
                }

                @Override
                public void online(UpgradeStatus s) {
                    say(node + ": back, running " + s.version() + (s.trial() != null ? ", on trial until " + s.trial().deadline() : ""));
                }
            });
            d.put("id", o.id());
            d.put("from", o.from());
            d.put("seconds", secondsSince(t0));
            if (o.committed()) {
                d.put("result", "upgraded");
                return Rollout.Result.done(node, say(node + ": upgraded " + o.from() + " -> " + o.version() + " in " + fmt(secondsSince(t0)) + " s"));
            }
            d.put("result", "rolled-back");
            d.put("reason", o.reason());
            return Rollout.Result.failed(node, say(node + ": rolled back to " + o.from() + ": " + o.reason()), 1);
        } catch (CtlException e) {
            d.put("result", "failed");
            d.put("reason", e.getMessage());
            return Rollout.Result.failed(node, say(node + ": " + e.getMessage()), e.exitCode());
        } catch (IOException e) {
            d.put("result", "failed");
            d.put("reason", e.getMessage());
            return Rollout.Result.failed(node, say(node + ": cannot read " + tarball.file() + ": " + e.getMessage()), 2);
        }
    }

    private int report(List<Rollout.Result> results) {
        List<String> left = new ArrayList<>();
        String failedAt = null;
        int exit = 0;
        int done = 0;
        for (Rollout.Result r : results) {
            switch (r.state()) {
                case DONE -> done++;
                case FAILED -> {
                    if (failedAt == null) failedAt = r.node();
                    if (exit == 0) exit = r.exitCode() == 0 ? 1 : r.exitCode();
                }
                case NOT_STARTED -> left.add(r.node());
                case SKIPPED -> { }
            }
        }
        if (root().json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Rollout.Result r : results) {
                Map<String, Object> row = new LinkedHashMap<>(details.getOrDefault(r.node(), Map.of("node", r.node())));
                if (r.state() == Rollout.State.NOT_STARTED) row.put("result", "not-started");
                rows.add(row);
            }
            root().out.println(json(rows));
        }
        if (failedAt != null) {
            root().err.println("cairnctl: upgrade stopped at the first failure (" + failedAt + ")"
                    + (left.isEmpty() ? "" : "; not started, left as they were: " + String.join(", ", left)));
            if (done > 0) return Cairnctl.PARTIAL;
        }
        return exit;
    }

    /** A line for a person (not with -o json); returns it, for the result. */
    private String say(String line) {
        if (!root().json()) root().out.println(line);
        return line;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static double secondsSince(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
