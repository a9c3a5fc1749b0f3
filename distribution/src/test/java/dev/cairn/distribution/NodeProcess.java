package dev.cairn.distribution;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A node started from its own copy of the built distribution, as an operator starts it: bin/cairn,
 * a real process, its stdout kept in a file; status read with bin/cairn status.
 */
final class NodeProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    final Path home;
    private final Map<String, String> env = new HashMap<>();
    private List<String> wrapper = List.of();
    private Process process;
    private Path stdout;
    private int runs;

    private NodeProcess(Path home) {
        this.home = home;
        env.put("CAIRN_NODE_ID", "it-node");
        env.put("CAIRN_CDS", "off");   // each test node is a fresh copy; the restart test turns it on
    }

    /** Copies the exploded distribution into {@code parent} so that every test has a fresh node of its own. */
    static NodeProcess install(Path parent) throws IOException {
        Path dist = Path.of(System.getProperty("cairn.dist", "target/cairn-dist"));
        Path home = parent.resolve("cairn");
        copyTree(dist, home);
        return new NodeProcess(home);
    }

    NodeProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Starts bin/cairn as the last argument of {@code command}: in a private mount namespace, say. */
    NodeProcess wrappedIn(String... command) {
        wrapper = List.of(command);
        return this;
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    /** Starts bin/cairn and waits for its ready line. */
    NodeProcess start() throws IOException {
        runs++;
        stdout = home.resolve("stdout-" + runs + ".log");
        List<String> command = new java.util.ArrayList<>(wrapper);
        command.add(home.resolve("bin/cairn").toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(stdout.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        await("ready line of " + home).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + output());
                    return output().contains(" ready in ");
                });
        return this;
    }

    /** SIGTERM, as systemd stops the service; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            killTree();
            throw new AssertionError("node did not exit within 15 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown of any kind, as a power cut would leave it. */
    void kill() throws InterruptedException {
        killTree();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    /**
     * bin/cairn stays the parent of the node's JVM (to restart it after an upgrade), and the JVM may be running
     * tar: the whole tree goes, as in a power cut. It is frozen first (SIGSTOP, parents before children, until no
     * new process shows up), so that bin/cairn cannot start a JVM, nor the JVM a tar, between the look at the
     * tree and the SIGKILLs; then every process gets SIGKILL, descendants first.
     */
    private void killTree() {
        ProcessHandle root = process.toHandle();
        java.util.LinkedHashSet<ProcessHandle> frozen = new java.util.LinkedHashSet<>();
        List<ProcessHandle> next = List.of(root);
        while (!next.isEmpty()) {
            signal("-STOP", next);
            frozen.addAll(next);
            next = root.descendants().filter(h -> !frozen.contains(h)).toList();
        }
        List<ProcessHandle> tree = new java.util.ArrayList<>(frozen);
        java.util.Collections.reverse(tree);
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(h -> h.onExit().join());
    }

    private static void signal(String signal, List<ProcessHandle> processes) {
        List<String> command = new java.util.ArrayList<>(List.of("kill", signal));
        processes.forEach(h -> command.add(Long.toString(h.pid())));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs bin/cairn with {@code args} (--version, say) in this node's home and returns what it printed. */
    String cairn(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/cairn").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    /** The bin/cairn process of the current run: alive while the node runs, restarts included. */
    boolean alive() {
        return process != null && process.isAlive();
    }

    String output() {
        try {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** How many log lines of this run match. */
    long countLines(String regex) {
        Pattern p = Pattern.compile(regex);
        return output().lines().filter(l -> p.matcher(l).find()).count();
    }

    /** Runs bin/cairn status and parses its table. */
    List<StatusRow> status() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(home.resolve("bin/cairn").toString(), "status")
                .directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("cairn status failed: " + out);
        return StatusRow.parseTable(out);
    }

    Optional<StatusRow> row(String nameOrFile) throws IOException, InterruptedException {
        return status().stream().filter(r -> r.name().equals(nameOrFile) || r.file().endsWith("/" + nameOrFile)).findFirst();
    }

    /** Drops a file into deploy/ the way a careful tool does: copy under a hidden name, then rename. */
    void drop(Path file) throws IOException {
        drop(file, file.getFileName().toString());
    }

    void drop(Path file, String asName) throws IOException {
        Path part = deploy().resolve("." + asName + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, deploy().resolve(asName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A node setting file in conf/, read when the node starts. */
    void conf(String fileName, String content) throws IOException {
        Files.writeString(home.resolve("conf").resolve(fileName), content);
    }

    void write(String fileName, String content) throws IOException {
        Path part = deploy().resolve("." + fileName + ".part");
        Files.writeString(part, content);
        Files.move(part, deploy().resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Kills the node if it still runs and leaves its log in the test report, for whoever reads a failure. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) killTree();
        if (stdout != null) System.out.println("---- node log " + home + "\n" + output());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                // a fresh node: nothing a manual run may have left in the build's data/ or deploy/
                String name = dir.getFileName().toString();
                return name.equals("data") || name.equals("deploy") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().endsWith(".jsa")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
