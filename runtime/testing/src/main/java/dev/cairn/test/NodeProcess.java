package dev.cairn.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A node started as an operator starts one — the distribution's bin/cairn, a real process — with an installation
 * folder of its own in the test's temporary folder (conf/, deploy/, data/), so the distribution is never copied nor
 * written to. Its output goes to a file, which is its log here.
 */
final class NodeProcess implements CairnNode, AutoCloseable {
    private final Path cairnHome;
    private final Path dir;
    private final Layout.NodePlan plan;
    private final Path stdout;
    private Process process;
    /** Should the test JVM end without closing its nodes (killed, System.exit), they go with it. */
    private final Thread killer = new Thread(this::kill, "cairn-test kill node");

    NodeProcess(Path cairnHome, Path dir, Layout.NodePlan plan) {
        this.cairnHome = cairnHome;
        this.dir = dir;
        this.plan = plan;
        this.stdout = dir.resolve("node.log");
    }

    /** Files in conf/ (name → content) and the bundles in deploy/, then bin/cairn; returns at once. */
    void start(Map<String, String> conf) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("deploy"));
        Files.createDirectories(dir.resolve("data"));
        for (Map.Entry<String, String> f : conf.entrySet()) Files.writeString(dir.resolve("conf").resolve(f.getKey()), f.getValue());
        for (BundleJar b : plan.bundles()) Files.copy(b.file(), dir.resolve("deploy").resolve(b.fileName()), StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder pb = new ProcessBuilder(cairnHome.resolve("bin/cairn").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(stdout.toFile());
        Map<String, String> env = pb.environment();
        // bin/cairn runs the runtime it is in (bin/, lib/, system/ of the distribution) for the installation named here
        env.put("CAIRN_INSTALLATION", dir.toString());
        env.put("CAIRN_RUNTIME_CHOSEN", "1");
        env.put("CAIRN_NODE_ID", plan.name());
        // no class-data archive: it would be written into the distribution's lib/, which may be shared or read-only
        env.put("CAIRN_CDS", "off");
        env.remove("CAIRN_DATA_DIR");
        env.remove("CAIRN_DEPLOY_DIR");
        env.remove("CAIRN_CONF");
        process = pb.start();
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Waits for the launcher's ready line; a node that exits first fails with its log. */
    void awaitReady(Deadline deadline) {
        while (!log().contains(" ready in ")) {
            if (!process.isAlive()) throw new IllegalStateException("node " + name() + " exited with " + process.exitValue() + " before it was ready:\n" + log());
            if (deadline.passed()) throw new IllegalStateException("node " + name() + " was not ready in time:\n" + log());
            deadline.pause(java.time.Duration.ofMillis(10));
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    Layout.NodePlan plan() {
        return plan;
    }

    @Override
    public String name() {
        return plan.name();
    }

    @Override
    public List<String> bundles() {
        return plan.bundles().stream().map(BundleJar::symbolicName).toList();
    }

    @Override
    public String log() {
        try {
            return Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code n} lines of the log, for a failure report. */
    String tail(int n) {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    @Override
    public void configure(String pid, String... properties) {
        Path deploy = dir.resolve("deploy");
        Path part = deploy.resolve("." + pid + ".cfg.part");
        try {
            Files.writeString(part, String.join("\n", properties) + "\n");
            // renamed into place: the node never reads half a file
            Files.move(part, deploy.resolve(pid + ".cfg"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("configuration " + pid + " not written for node " + name(), e);
        }
    }

    /** SIGKILL for bin/cairn first (so it starts nothing new), then for the JVM under it. */
    @Override
    public void close() {
        if (process == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        kill();
    }

    private void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.onExit().join();
        children.forEach(c -> c.onExit().join());
    }

    @Override
    public String toString() {
        return "node " + name() + " " + bundles() + " in " + dir;
    }
}
