package dev.cairn.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import sun.misc.Signal;

/**
 * The {@code cairn} command: {@code cairn} runs a node in the foreground, {@code cairn status} asks the
 * running node for its bundles. Exit codes: 0 done, 1 the node failed, 2 the command line or settings
 * were wrong, 75 restart me (into the runtime chosen for an upgrade or its roll-back: bin/cairn does).
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger("dev.cairn.launcher");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        Options options = options();
        CommandLine cli;
        try {
            cli = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            System.err.println("cairn: " + e.getMessage());
            printHelp(options, System.err);
            return 2;
        }
        if (cli.hasOption("help")) {
            printHelp(options, System.out);
            return 0;
        }
        if (cli.hasOption("version")) {
            System.out.println("cairn " + version());
            return 0;
        }
        List<String> command = cli.getArgList();
        if (command.size() > 1 || (command.size() == 1 && !command.get(0).equals("status"))) {
            System.err.println("cairn: unknown command " + String.join(" ", command) + " (the only command is: status)");
            return 2;
        }
        NodeSettings settings;
        try {
            settings = settings(cli, env);
        } catch (NodeSettings.SettingsException e) {
            System.err.println("cairn: " + e.getMessage());
            return 2;
        }
        return command.isEmpty() ? runNode(settings) : printStatus(settings);
    }

    /**
     * The flags, one per {@link Setting}. Commons CLI rather than picocli: picocli's class files are too
     * old for the class-data archive and cost ~140 ms of every start (BENCHMARKS.md).
     */
    static Options options() {
        Options options = new Options();
        options.addOption("h", "help", false, "Print this help and exit.");
        options.addOption("V", "version", false, "Print the version and exit.");
        options.addOption(Option.builder().longOpt("conf").hasArg().argName("FILE")
                .desc("Node settings file (CAIRN_CONF); default conf/cairn.properties under the home folder.").build());
        for (Setting s : Setting.values()) {
            options.addOption(Option.builder().longOpt(s.flag().substring(2)).hasArg().argName("VALUE")
                    .desc(s.description + " [" + s.key + ", " + s.envName() + (s.defaultValue == null ? "" : ", default " + s.defaultValue) + "]")
                    .build());
        }
        return options;
    }

    private static void printHelp(Options options, java.io.PrintStream out) {
        java.io.PrintWriter w = new java.io.PrintWriter(out);
        HelpFormatter help = new HelpFormatter();
        help.printHelp(w, 100, "cairn [status] [options]",
                "Run a Cairn node in the foreground: an OSGi framework whose system bundles start from system/ and "
                        + "whose deploy/ folder is watched for bundles and configurations. 'cairn status' prints the bundles "
                        + "of the node running on this data folder, and why any of them is not running.\n\n",
                options, 2, 4,
                "\nSettings come from conf/cairn.properties, then CAIRN_* environment variables, then these flags.");
        w.flush();
    }

    private static NodeSettings settings(CommandLine cli, Map<String, String> env) {
        Path home = Path.of(System.getProperty("cairn.home", ".")).toAbsolutePath().normalize();
        Map<String, String> flags = new HashMap<>();
        for (Setting s : Setting.values()) {
            String v = cli.getOptionValue(s.flag().substring(2));
            if (v != null) flags.put(s.key, v);
        }
        // A runtime that bin/cairn chose from data/runtime/ brings its own system bundles.
        Path runtime = runtime(home);
        if (!runtime.equals(home) && !flags.containsKey(Setting.SYSTEM_DIR.key)) flags.put(Setting.SYSTEM_DIR.key, runtime.resolve("system").toString());
        String conf = cli.getOptionValue("conf", env.getOrDefault("CAIRN_CONF", "conf/cairn.properties"));
        return NodeSettings.resolve(home, home.resolve(conf), env, flags);
    }

    /** Where bin/, lib/ and system/ of the running runtime are: the installation itself unless upgraded. */
    private static Path runtime(Path home) {
        String r = System.getProperty("cairn.runtime");
        return r == null ? home : Path.of(r).toAbsolutePath().normalize();
    }

    private static int printStatus(NodeSettings settings) {
        try {
            List<BundleRow> rows = ControlSocket.status(settings.controlSocket());
            System.out.print(BundleRow.table(rows));
            return 0;
        } catch (IOException e) {
            System.err.println("cairn status: " + e.getMessage());
            return 1;
        }
    }

    private static int runNode(NodeSettings settings) {
        long t0 = startMillis();
        LogRing logs;
        try {
            logs = NodeLog.configure(LogLevel.parse(settings.get(Setting.LOG_LEVEL)),
                    settings.dir(Setting.DATA_DIR).resolve("log"),
                    (int) settings.getLong(Setting.LOG_FILE_SIZE_MB), (int) settings.getLong(Setting.LOG_FILE_COUNT));
        } catch (IOException e) {
            System.err.println("cairn: cannot write the log: " + e.getMessage());
            return 1;
        }
        Node node = new Node(settings);
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(0);
        Upgrades upgrades = new Upgrades(settings.home(), runtime(settings.home()), settings.dir(Setting.DATA_DIR).resolve("runtime"),
                version(), node::activeDeployBundles, () -> {
                    exit.set(Upgrades.RESTART);
                    stopRequested.countDown();
                    // if the node hangs (in its start, say), the restart must happen all the same
                    CompletableFuture.delayedExecutor(settings.getLong(Setting.STOP_TIMEOUT_MS) + 5_000, TimeUnit.MILLISECONDS)
                            .execute(() -> Runtime.getRuntime().halt(Upgrades.RESTART));
                });
        upgrades.removeUnfinishedUnpacks();
        node.offer(upgrades);
        node.offer(logs);
        Optional<TrialWatch> trial = TrialWatch.begin(upgrades);
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> {
                LOG.info("SIG" + s.getName() + ": stopping");
                stopRequested.countDown();
            });
        }
        try (ControlSocket ignored = ControlSocket.open(settings.controlSocket(), () -> node.status().rows())) {
            boolean ready = node.start(t0);
            trial.ifPresent(w -> w.started(node.context(), node.systemLocations(), ready));
            if (ready) markReady();
            Thread watcher = new Thread(() -> {
                try {
                    node.awaitStop();
                } catch (InterruptedException ignoredToo) {
                    Thread.currentThread().interrupt();
                }
                stopRequested.countDown();
            }, "cairn-stop-watch");
            watcher.setDaemon(true);
            watcher.start();
            stopRequested.await();
            boolean clean = node.stop();
            LOG.info(clean ? "stopped" : "stopped with bundles still running");
            if (exit.get() == Upgrades.RESTART) return Upgrades.RESTART;
            return clean ? 0 : 1;
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "node failed: " + e.getMessage(), e);
            trial.ifPresent(w -> w.failed("the node failed: " + e.getMessage()));
            try {
                node.stop();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return exit.get() == Upgrades.RESTART ? Upgrades.RESTART : 1;
        }
    }

    /** Tells bin/cairn that this run reached ready: only such a run may leave a class-data archive. */
    private static void markReady() {
        String file = System.getProperty("cairn.ready.file");
        if (file == null) return;
        try {
            java.nio.file.Files.write(Path.of(file), new byte[0]);
        } catch (IOException e) {
            LOG.fine("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** bin/cairn passes the shell's clock, which also counts the JVM's own start. */
    private static long startMillis() {
        String t0 = System.getProperty("launch.t0");
        if (t0 != null) {
            try {
                return Long.parseLong(t0);
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        // Precise to the millisecond, unlike ProcessHandle's start instant; loads JMX, hence only here.
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
