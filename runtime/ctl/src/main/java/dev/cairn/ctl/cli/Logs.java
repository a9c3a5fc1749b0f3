package dev.cairn.ctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.ManagementClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairnctl logs NODE}: the node's recent log lines as its log file holds them (or JSON lines), and with
 * {@code -f} what it logs from then on, live, on a lease this command renews every third of its length.
 */
@Command(name = "logs", description = "A node's recent log lines; with -f, follow what it logs live (until Ctrl-C).")
final class Logs extends Base {
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final ObjectMapper LINES = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Option(names = {"-f", "--follow"}, description = "keep following new lines until Ctrl-C")
    boolean follow;

    @Option(names = "--level", paramLabel = "LEVEL", description = "the least grave level shown: ERROR, WARN, INFO or DEBUG")
    String level;

    @Option(names = "--since", paramLabel = "DURATION", converter = Cairnctl.Durations.class, description = "only lines of the last 30s, 10m, 2h")
    Duration since;

    @Option(names = "--grep", paramLabel = "TEXT", description = "only lines that contain TEXT (case-sensitive)")
    String grep;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "200", description = "how many recent lines at most (default 200; 0 with -f: none)")
    int lines;

    @Option(names = "--lease", paramLabel = "DURATION", converter = Cairnctl.Durations.class, hidden = true,
            description = "how long the node publishes without a renewal (1s to 60s; default 30s)")
    Duration lease;

    @Override
    public Integer call() throws CtlException {
        if (lines < 0 || lines > 2000) throw new CtlException(CtlException.Kind.USAGE, "-n must be 0 to 2000, not " + lines);
        if (lines == 0 && !follow) throw new CtlException(CtlException.Kind.USAGE, "-n 0 shows nothing without -f");
        Duration l = lease == null ? LEASE : lease;
        if (l.toSeconds() < 1 || l.toSeconds() > 60) throw new CtlException(CtlException.Kind.USAGE, "--lease must be 1s to 60s");
        ManagementClient c = root().client();
        Map<String, Object> filters = new LinkedHashMap<>();
        if (level != null) filters.put("level", level);
        if (grep != null) filters.put("grep", grep);
        if (since != null) filters.put("sinceMillis", System.currentTimeMillis() - since.toMillis());
        if (!follow) return recent(c, filters);

        String follower = c.clientId();
        CountDownLatch stopped = new CountDownLatch(1);
        // subscribed before the node starts publishing, so no line of the lease is missed
        try (AutoCloseable ignored = c.listen(c.options().fleet() + "/node/" + node + "/logs/" + follower, this::batch)) {
            Map<String, Object> followArgs = new LinkedHashMap<>(filters);
            followArgs.remove("sinceMillis");
            followArgs.put("follower", follower);
            followArgs.put("leaseSeconds", l.toSeconds());
            c.result(node, "node.logs.follow", followArgs, root().timeout());   // the first refusal ends the command
            if (lines > 0) recent(c, filters);
            overlapDone();
            Thread stopper = new Thread(() -> {
                stopped.countDown();
                try {
                    c.call(node, "node.logs.follow", Map.of("follower", follower, "stop", true), Duration.ofSeconds(2));
                } catch (CtlException | RuntimeException e) {
                    // the lease ends on its own
                }
            }, "cairnctl logs stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            long renewMs = Math.max(1000, l.toMillis() / 3);
            while (!stopped.await(renewMs, TimeUnit.MILLISECONDS)) {
                try {
                    c.result(node, "node.logs.follow", followArgs, root().timeout());
                } catch (CtlException e) {
                    root().err.println("cairnctl: the lease on " + node + "'s log was not renewed: " + e.getMessage() + "; trying again");
                }
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (CtlException e) {
            throw e;
        } catch (Exception e) {
            throw new CtlException(CtlException.Kind.FAILED, e.getMessage(), e);
        }
    }

    /**
     * Between the lease and the recent lines' reply, a line can be both among the recent ones and in a batch: batches
     * wait until the recent lines are printed, and those of their lines already printed are left out.
     */
    private final java.util.ArrayDeque<byte[]> held = new java.util.ArrayDeque<>();
    private final java.util.Set<String> printedRecent = new java.util.HashSet<>();
    private boolean holding = true;
    private boolean recentPrinted;

    private void overlapDone() {
        List<byte[]> waiting;
        synchronized (this) {
            waiting = new ArrayList<>(held);
            held.clear();
            holding = false;
        }
        waiting.forEach(this::batch);
        synchronized (this) {
            printedRecent.clear();   // later batches cannot repeat a recent line
        }
    }

    private int recent(ManagementClient c, Map<String, Object> filters) throws CtlException {
        Map<String, Object> args = new LinkedHashMap<>(filters);
        args.put("limit", lines);
        Map<String, Object> r = map(c.result(node, "node.logs", args, root().timeout()));
        if (r.get("omitted") != null) root().err.println("cairnctl: " + r.get("omitted") + " older matching lines left out (the reply's size limit)");
        recentPrinted = true;
        print(r.get("lines"));
        recentPrinted = false;
        return 0;
    }

    /** One batch of followed lines, on Paho's thread. */
    private void batch(byte[] payload) {
        synchronized (this) {
            if (holding && follow) {
                held.add(payload);
                return;
            }
        }
        Map<String, Object> b;
        try {
            b = map(LINES.readValue(payload, Map.class));
        } catch (IOException e) {
            root().err.println("cairnctl: a batch of log lines that is not JSON was dropped");
            return;
        }
        print(b.get("lines"));
        if (b.get("dropped") != null) {
            String notice = b.get("dropped") + " lines dropped by " + node + " (over its rate limit for followers; " + b.get("droppedTotal") + " in all)";
            if (root().json()) root().out.println(compact(Map.of("dropped", b.get("dropped"), "droppedTotal", b.get("droppedTotal"), "notice", notice)));
            else root().err.println("cairnctl: " + notice);
        }
        if (b.get("ended") != null) root().err.println("cairnctl: " + node + " stopped publishing: " + b.get("ended") + "; renewing");
        root().out.flush();
    }

    private synchronized void print(Object lineList) {
        if (!(lineList instanceof List<?> list)) return;
        for (Object o : list) {
            Map<String, Object> line = map(o);
            if (follow) {
                String key = line.get("t") + " " + line.get("text");
                if (recentPrinted) printedRecent.add(key);
                else if (printedRecent.contains(key)) continue;
            }
            if (root().json()) {
                Map<String, Object> j = new LinkedHashMap<>(line);
                j.remove("text");
                root().out.println(compact(j));
            } else {
                root().out.println(str(line.get("text")));
            }
        }
    }

    private static String compact(Object value) {
        try {
            return LINES.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
