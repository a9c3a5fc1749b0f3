package dev.cairn.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import sun.misc.Signal;

/**
 * The {@code cairn} command: {@code cairn} runs a node in the foreground, {@code cairn status} asks the
 * running node for its bundles. Exit codes: 0 done, 1 the node failed, 2 the command line or settings
 * were wrong.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger("dev.cairn.launcher");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        CommandLine cli = new CommandLine(commandSpec());
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("cairn: " + e.getMessage());
            e.getCommandLine().usage(System.err);
            return 2;
        }
        if (CommandLine.printHelpIfRequested(parsed)) return 0;
        ParseResult status = parsed.subcommand();
        if (status != null && CommandLine.printHelpIfRequested(status)) return 0;
        NodeSettings settings;
        try {
            settings = settings(status != null ? status : parsed, env);
        } catch (NodeSettings.SettingsException e) {
            System.err.println("cairn: " + e.getMessage());
            return 2;
        }
        return status != null ? printStatus(settings) : runNode(settings);
    }

    static CommandSpec commandSpec() {
        CommandSpec status = CommandSpec.create().name("status");
        status.usageMessage().description("Print the bundles of the node running on this data folder, with their states "
                + "and, for any that is not running, the reason.");
        status.mixinStandardHelpOptions(true);

        CommandSpec cairn = CommandSpec.create().name("cairn").version("cairn " + version());
        cairn.usageMessage().description("Run a Cairn node in the foreground: an OSGi framework whose system bundles "
                        + "start from system/ and whose deploy/ folder is watched for bundles and configurations.",
                "", "Settings come from conf/cairn.properties, then CAIRN_* environment variables, then these flags.");
        cairn.mixinStandardHelpOptions(true);
        cairn.addOption(inherited(OptionSpec.builder("--conf").paramLabel("FILE")
                .description("Node settings file (CAIRN_CONF); default conf/cairn.properties under the home folder.")));
        for (Setting s : Setting.values()) {
            cairn.addOption(inherited(OptionSpec.builder(s.flag()).paramLabel("VALUE")
                    .description(s.description + " [" + s.key + ", " + s.envName()
                            + (s.defaultValue == null ? "" : ", default " + s.defaultValue) + "]")));
        }
        cairn.addSubcommand("status", status);
        return cairn;
    }

    private static OptionSpec inherited(OptionSpec.Builder b) {
        return b.type(String.class).scopeType(CommandLine.ScopeType.INHERIT).build();
    }

    private static NodeSettings settings(ParseResult parsed, Map<String, String> env) {
        Path home = Path.of(System.getProperty("cairn.home", ".")).toAbsolutePath().normalize();
        Map<String, String> flags = new HashMap<>();
        for (Setting s : Setting.values()) {
            String v = parsed.matchedOptionValue(s.flag(), null);
            if (v != null) flags.put(s.key, v);
        }
        String conf = parsed.matchedOptionValue("--conf", env.getOrDefault("CAIRN_CONF", "conf/cairn.properties"));
        return NodeSettings.resolve(home, home.resolve(conf), env, flags);
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
        try {
            NodeLog.configure(LogLevel.parse(settings.get(Setting.LOG_LEVEL)),
                    settings.dir(Setting.DATA_DIR).resolve("log"),
                    (int) settings.getLong(Setting.LOG_FILE_SIZE_MB), (int) settings.getLong(Setting.LOG_FILE_COUNT));
        } catch (IOException e) {
            System.err.println("cairn: cannot write the log: " + e.getMessage());
            return 1;
        }
        Node node = new Node(settings);
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> {
                LOG.info("SIG" + s.getName() + ": stopping");
                stopRequested.countDown();
            });
        }
        try (ControlSocket ignored = ControlSocket.open(settings.controlSocket(), () -> node.status().rows())) {
            node.start(t0);
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
            return clean ? 0 : 1;
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "node failed: " + e.getMessage(), e);
            try {
                node.stop();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }
    }

    /** bin/cairn passes the shell's clock; the JDK only knows the process start to the second. */
    private static long startMillis() {
        String t0 = System.getProperty("launch.t0");
        if (t0 != null) {
            try {
                return Long.parseLong(t0);
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
