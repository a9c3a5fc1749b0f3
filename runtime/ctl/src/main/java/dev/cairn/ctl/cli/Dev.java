package dev.cairn.ctl.cli;

import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.DeployListener;
import dev.cairn.ctl.Deployed;
import dev.cairn.ctl.ManagementClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairnctl dev}: the edit → build → deploy loop. Watches a bundle project, builds it when it changed (one build
 * per burst of saves, never two at once), and deploys the bundle to a node with the signed management deploy (or
 * copies it into a local node's deploy/ folder), while the node's log lines about the bundle are shown. A failed
 * build deploys nothing, and a bundle that does not start is rolled back by the node: the node keeps what it ran.
 */
@Command(name = "dev", description = {"Develop a bundle: watch DIR (default .), rebuild on every change of src/ or pom.xml, "
        + "redeploy to a node and show the node's log lines of the bundle, until Ctrl-C.",
        "A build error or a bundle that does not start is shown, and the node keeps running the previous version."})
final class Dev extends Base {
    /** How long after the last change of a burst the build starts. */
    static final Duration QUIET = Duration.ofMillis(300);
    /** How long after a deploy its components have activated or failed. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "the bundle project (default: the current folder)")
    Path project;

    @Option(names = "--node", paramLabel = "NODE", description = "deploy to this node through the broker, and show its log lines of the bundle")
    String node;

    @Option(names = "--deploy-dir", paramLabel = "DIR", description = "copy the bundle into this deploy/ folder of a node on this machine instead")
    Path deployDir;

    @Option(names = "--build", paramLabel = "COMMAND",
            description = "the build, run by sh in DIR (default: ./mvnw if DIR has it, else mvn, with " + "-B -q -o package -DskipTests" + ")")
    String build;

    @Option(names = "--jar", paramLabel = "FILE", description = "the bundle the build writes (default: the newest bundle JAR in DIR/target)")
    Path jarFile;

    @Option(names = "--level", paramLabel = "LEVEL", description = "the least grave log level shown: ERROR, WARN, INFO or DEBUG")
    String level;

    @Option(names = "--all-logs", description = "show every line the node logs, not only the bundle's")
    boolean allLogs;

    @Option(names = "--quiet-period", paramLabel = "DURATION", converter = Cairnctl.Durations.class, hidden = true,
            description = "how long after the last change the build starts (default 300ms)")
    Duration quiet;

    private DevLogs logs;
    private ProjectBuild projectBuild;
    private Path dir;

    @Override
    public Integer call() throws CtlException {
        dir = (project == null ? Path.of(".") : project).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) throw new CtlException(CtlException.Kind.USAGE, "no folder " + dir);
        if (build == null && !Files.isRegularFile(dir.resolve("pom.xml")))
            throw new CtlException(CtlException.Kind.USAGE, dir + " has no pom.xml: give the bundle project's folder, or --build COMMAND");
        if (node == null && deployDir == null)
            throw new CtlException(CtlException.Kind.USAGE, "dev needs --node NODE (deploy through the broker) or --deploy-dir DIR (a local node's deploy/)");
        if (node != null && deployDir != null)
            throw new CtlException(CtlException.Kind.USAGE, "give --node or --deploy-dir, not both");
        if (deployDir != null && !Files.isDirectory(deployDir)) throw new CtlException(CtlException.Kind.USAGE, "--deploy-dir " + deployDir + " is not a folder");
        try {
            projectBuild = ProjectBuild.of(dir, build);
        } catch (IllegalArgumentException e) {
            throw new CtlException(CtlException.Kind.USAGE, e.getMessage(), e);
        }
        if (node != null) {
            root().client();   // the deploys' connection; fails now, not at the first deploy, if the broker is not there
            logs = new DevLogs(ManagementClient.connect(root().clientOptions()), node, level, allLogs, root().out, root().err, root().timeout())
                    .start();
        }

        CountDownLatch stopped = new CountDownLatch(1);
        DevLoop loop = new DevLoop(quiet == null ? QUIET : quiet, this::cycle, new DevLoop.Listener() {
            @Override
            public void failed(RuntimeException e) {
                say("the build and deploy failed: " + e);
            }

            @Override
            public void idle() {
                say("waiting for changes of " + dir.getFileName() + "/src or pom.xml (Ctrl-C to stop)");
            }
        });
        ProjectWatcher watcher;
        try {
            watcher = new ProjectWatcher(dir, changed -> loop.changed(), e -> say("watching " + dir + " failed: " + e.getMessage()));
        } catch (IOException e) {
            if (logs != null) logs.close();
            throw new CtlException(CtlException.Kind.USAGE, "cannot watch " + dir + ": " + e.getMessage(), e);
        }
        say("developing " + dir + ": builds with `" + projectBuild.describe() + "`, deploys to "
                + (node != null ? "node " + node : deployDir.toAbsolutePath().normalize()));
        Thread stopper = new Thread(() -> {
            // Ctrl-C: the build process is ended, the log lease given back, before the JVM goes
            say("stopping…");
            watcher.close();
            try {
                loop.close(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (logs != null) logs.close();
            say("stopped; " + where() + " keeps running what was deployed last");
            stopped.countDown();
        }, "cairnctl dev stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        watcher.start();
        loop.changed();   // the first build: what the node runs is what the folder holds
        loop.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** One build and, if it built, one deploy; on the loop's thread. */
    private void cycle(long firstChangeNanos) throws InterruptedException {
        say("building…");
        ProjectBuild.Result r = projectBuild.run();
        if (!r.ok()) {
            say("build failed (exit " + r.exit() + ", " + seconds(r.millis()) + "); " + where() + " keeps running the version it has:");
            for (String line : r.errorLines(dir)) root().out.println("  | " + line);
            root().out.flush();
            return;
        }
        BundleJar jar;
        try {
            jar = jarFile == null ? BundleJar.built(dir.resolve("target")) : given(dir.resolve(jarFile));
        } catch (IOException e) {
            say("built in " + seconds(r.millis()) + ", but " + e.getMessage());
            return;
        }
        if (logs != null) logs.bundle(jar);
        say("built " + dir.relativize(jar.file()) + " (" + jar.symbolicName() + " " + jar.version() + ") in " + seconds(r.millis()));
        if (node != null) deploy(jar, firstChangeNanos);
        else copy(jar, firstChangeNanos);
    }

    private static BundleJar given(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("the build left no " + file + " (--jar)");
        return BundleJar.read(file).orElseThrow(() -> new IOException(file + " is not a bundle (no Bundle-SymbolicName)"));
    }

    private void deploy(BundleJar jar, long firstChangeNanos) throws InterruptedException {
        try {
            Deployed d = root().client().deploy(node, jar.file(), jar.deployName(), ManagementClient.CHUNK_BYTES, DeployListener.NONE, root().timeout());
            if (d.action().equals("unchanged")) {
                say(node + " has these bytes already: nothing to deploy");
                return;
            }
            Object state = d.bundle().get("state");
            say(node + ": " + d.action() + " " + Bundles.describe(d.bundle()) + ", " + seconds(sinceMillis(firstChangeNanos)) + " after the change");
            if (d.bundle().get("reason") != null) {
                say(jar.symbolicName() + " is " + state + " but: " + d.bundle().get("reason"));
            } else if (state != null && !"ACTIVE".equals(state)) {
                say(jar.symbolicName() + " is " + state + ", not ACTIVE: `cairnctl bundles " + node + "` and its log lines say why");
            } else {
                checkComponents(jar);
            }
        } catch (CtlException e) {
            if (Thread.currentThread().isInterrupted()) return;   // stopping: the stop says what the node keeps
            // ROLLED_BACK names why the bundle did not start and what the node runs instead
            say(node + " did not take " + jar.deployName() + ": " + e.getMessage());
        }
    }

    /**
     * A bundle is ACTIVE before its components are: one that fails to activate is ACTIVE all the same, and the node
     * knows why only a moment later. One look at the bundle list after {@link #SETTLE} tells.
     */
    private void checkComponents(BundleJar jar) throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());   // the components of a just-started bundle activate; not a test
        try {
            for (Map<String, Object> b : root().client().bundles(node, root().timeout())) {
                if (jar.deployName().equals(b.get("file")) && b.get("reason") != null)
                    say(jar.symbolicName() + " is " + b.get("state") + " but: " + b.get("reason"));
            }
        } catch (CtlException e) {
            say("cannot list the bundles of " + node + ": " + e.getMessage());
        }
    }

    /** Into the deploy/ folder at once, never half-written: the watcher of the node must not see a partial JAR. */
    private void copy(BundleJar jar, long firstChangeNanos) {
        Path target = deployDir.resolve(jar.deployName());
        Path part = deployDir.resolve("." + jar.deployName() + ".part");
        try {
            Files.copy(jar.file(), part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            say("copied to " + target + ", " + seconds(sinceMillis(firstChangeNanos)) + " after the change");
        } catch (IOException e) {
            say("cannot copy " + jar.file().getFileName() + " to " + deployDir + ": " + e.getMessage());
        }
    }

    private String where() {
        return node != null ? "node " + node : "the node of " + deployDir;
    }

    private void say(String message) {
        root().out.println("cairnctl dev: " + message);
        root().out.flush();
    }

    private static long sinceMillis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
