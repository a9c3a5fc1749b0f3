package dev.cairn.ctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.ManagementClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's log lines about the bundle under development, as {@code cairnctl logs -f} follows them (the lease of
 * {@code node.logs.follow}, renewed every third of its length), on a connection of its own: the deploys on the
 * other one may each take many seconds, and a renewal must not wait for them. The node sends every line (of the
 * level asked); which concern the bundle is decided here, as the bundle's packages are known only once it is built.
 */
final class DevLogs implements AutoCloseable {
    static final Duration LEASE = Logs.LEASE;
    private static final ObjectMapper LINES = new ObjectMapper();

    private final ManagementClient client;
    private final String node;
    private final String level;
    private final boolean everything;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration timeout;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairnctl dev log lease");
        t.setDaemon(true);
        return t;
    });
    private volatile BundleJar bundle;
    private AutoCloseable listening;

    /** {@code everything}: every line the node logs, not only the bundle's. */
    DevLogs(ManagementClient client, String node, String level, boolean everything, PrintStream out, PrintStream err, Duration timeout) {
        this.client = client;
        this.node = node;
        this.level = level;
        this.everything = everything;
        this.out = out;
        this.err = err;
        this.timeout = timeout;
    }

    /** The bundle whose lines are shown from now on (none before the first build: nothing is shown). */
    void bundle(BundleJar b) {
        bundle = b;
    }

    /** Starts following; throws what the node or the broker said when it cannot (node offline, not allowed). */
    DevLogs start() throws CtlException {
        String follower = client.clientId();
        // subscribed before the node starts publishing, so that no line of the lease is missed
        listening = client.listen(client.options().fleet() + "/node/" + node + "/logs/" + follower, this::batch);
        client.result(node, "node.logs.follow", followArgs(), timeout);
        long every = LEASE.toMillis() / 3;
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private Map<String, Object> followArgs() {
        Map<String, Object> a = new LinkedHashMap<>();
        if (level != null) a.put("level", level);
        a.put("follower", client.clientId());
        a.put("leaseSeconds", LEASE.toSeconds());
        return a;
    }

    private void renew() {
        try {
            client.result(node, "node.logs.follow", followArgs(), timeout);
        } catch (CtlException | RuntimeException e) {
            err.println("cairnctl dev: the lease on " + node + "'s log was not renewed: " + e.getMessage() + "; trying again");
        }
    }

    /** One batch of lines, on Paho's thread. */
    private void batch(byte[] payload) {
        Map<String, Object> b;
        try {
            b = Base.map(LINES.readValue(payload, Map.class));
        } catch (IOException e) {
            return;
        }
        BundleJar shown = bundle;
        if (b.get("lines") instanceof List<?> lines) {
            for (Object o : lines) {
                Map<String, Object> line = Base.map(o);
                String text = Base.str(line.get("text"));
                if (everything || shown != null && shown.concerns((String) line.get("logger"), text)) out.println(text);
            }
        }
        if (b.get("dropped") != null) err.println("cairnctl dev: " + b.get("dropped") + " log lines dropped by " + node + " (over its rate limit for followers)");
        if (b.get("ended") != null) renewer.execute(this::renew);   // the node let the lease go: take it again
        out.flush();
    }

    /** Ends the lease (the node stops publishing at once instead of at its end) and the connection. */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            if (listening != null) listening.close();
            client.call(node, "node.logs.follow", Map.of("follower", client.clientId(), "stop", true), Duration.ofSeconds(2));
        } catch (Exception e) {
            // the lease ends on its own
        }
        client.close();
    }
}
