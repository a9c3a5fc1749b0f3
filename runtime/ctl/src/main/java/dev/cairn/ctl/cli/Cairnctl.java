package dev.cairn.ctl.cli;

import dev.cairn.ctl.BrokerLogin;
import dev.cairn.ctl.ClientOptions;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.Signer;
import dev.cairn.ctl.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code cairnctl}: the fleet's command line. Global options may stand before or after the subcommand. */
@Command(name = "cairnctl", mixinStandardHelpOptions = true, versionProvider = Cairnctl.Version.class,
        usageHelpAutoWidth = true, sortOptions = false,
        description = "Manage a fleet of Cairn nodes over MQTT: list them, deploy bundles, configure, apply a desired state, upgrade Cairn itself.",
        footerHeading = "%nEnvironment:%n",
        footer = {"  CAIRN_BROKER     broker URL (--broker)", "  CAIRN_PASSWORD   the broker password (or --password-file)",
                "  CAIRN_KEY        the private key that signs requests (--key)",
                "  CAIRN_CTL_HOME   where keys init puts the key pair (default ~/.cairn)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the node refused the request or the operation failed",
                "2:usage error (bad option, missing file, bad key file)",
                "3:node offline or not answering, or broker unreachable",
                "4:apply, a multi-node deploy or an upgrade rollout succeeded on some nodes only"})
public final class Cairnctl {
    public static final int PARTIAL = 4;
    /** The subcommands, in the order the help lists them. */
    static final List<Class<?>> COMMANDS = List.of(Nodes.ListNodes.class, Nodes.Status.class, Nodes.Info.class, Logs.class, Traces.Show.class, Traces.Recent.class, Bundles.ListBundles.class,
            Bundles.Deploy.class, Dev.class, Bundles.Start.class, Bundles.Stop.class, Bundles.Uninstall.class, Upgrade.class, Config.class, Apply.class,
            KeysCommand.class, HashPassword.class, BrokerClients.Enroll.class, BrokerClients.Grant.class, BrokerClients.Revoke.class,
            Access.class, BrokerConfig.class, Completion.class);

    enum Format { table, json }

    @Option(names = "--broker", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "tcp://host:port or ssl://host:port (env CAIRN_BROKER; default " + ClientOptions.DEFAULT_BROKER + ")")
    String broker;

    @Option(names = "--fleet", scope = ScopeType.INHERIT, paramLabel = "PREFIX", description = "fleet topic prefix (default: cairn)")
    String fleet;

    @Option(names = "--username", scope = ScopeType.INHERIT, paramLabel = "USER", description = "broker user name; the password comes from env CAIRN_PASSWORD or --password-file")
    String username;

    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "file holding the broker password (first line)")
    Path passwordFile;

    @Option(names = "--cafile", scope = ScopeType.INHERIT, paramLabel = "PEM", description = "CA certificate(s) to verify the broker (ssl://); the host name is verified too")
    Path caFile;

    @Option(names = "--cert", scope = ScopeType.INHERIT, paramLabel = "PEM", description = "client certificate (with --cert-key)")
    Path certFile;

    @Option(names = "--cert-key", scope = ScopeType.INHERIT, paramLabel = "PEM", description = "the client certificate's private key, unencrypted PKCS#8")
    Path certKeyFile;

    @Option(names = "--keystore", scope = ScopeType.INHERIT, paramLabel = "P12", description = "client certificate and key as a PKCS12 store")
    Path keyStore;

    @Option(names = "--keystore-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "file holding the PKCS12 store's password")
    Path keyStorePasswordFile;

    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "private key that signs requests (env CAIRN_KEY; default ~/.cairn/cairnctl.key); its .pub must be beside it")
    Path key;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", converter = Durations.class,
            description = "how long to wait for each answer: 10s, 500ms, 2m (default 10s)")
    Duration timeout;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT", description = "table (default) or json")
    Format output;

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    final InputStream in;
    final boolean terminal;
    private ManagementClient client;

    public Cairnctl() {
        this(System.getenv(), System.out, System.err, System.console() != null);
    }

    Cairnctl(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        this(env, System.in, out, err, terminal);
    }

    Cairnctl(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new Cairnctl(System.getenv(), out, err, System.console() != null).run(args));
    }

    /** Runs one command line and returns its exit code. */
    public int run(String... args) {
        CommandLine cl = commandLine(args);
        try {
            return cl.execute(args);
        } finally {
            if (client != null) client.close();
        }
    }

    /** Every subcommand, fully built. */
    CommandLine commandLine() {
        return commandLine((String[]) null);
    }

    /**
     * picocli builds a command's model by reflection over its fields and annotations, a good part of every start,
     * and a command line runs at most the subcommands it names. So only those are built; every other one is a stub
     * of its name and description, which is all the root's help and "did you mean" use. An {@code @file} argument
     * may name any, and {@code completion} describes them all: then every one is built.
     */
    CommandLine commandLine(String... args) {
        Set<String> named = args == null ? null : new HashSet<>(Arrays.asList(args));
        if (named != null && (named.contains("completion") || named.stream().anyMatch(a -> a.startsWith("@")))) named = null;
        CommandLine cl = new CommandLine(this);
        for (Class<?> c : COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (named == null || named.contains(command.name())) {
                CommandLine sub = new CommandLine(c);
                cl.addSubcommand(sub);
                helpEverywhere(sub);   // after the root's inherited options, as picocli would add them
            } else {
                CommandSpec stub = CommandSpec.create().name(command.name());
                stub.usageMessage().description(command.description());
                cl.addSubcommand(new CommandLine(stub));
            }
        }
        terminalWidth(cl);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CtlException ce) {
                err.println("cairnctl: " + ce.getMessage());
                return ce.exitCode();
            }
            if (e instanceof IllegalArgumentException) {
                err.println("cairnctl: " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            err.println("cairnctl: internal error: " + e);
            e.printStackTrace(err);
            return 1;
        });
        return cl;
    }

    /**
     * On a terminal picocli learns its width from {@code stty} run in a thread that it polls every 25 ms, some
     * 30 ms of every help text. bin/cairnctl asks {@code stty} itself when the command line asks for help and
     * passes the columns in {@code cairnctl.columns}: the same width as picocli's own (at least 55), found sooner.
     * Only the root command's help is as wide as the terminal.
     */
    private static void terminalWidth(CommandLine cl) {
        Integer columns = Integer.getInteger("cairnctl.columns");
        if (columns == null || columns <= 0 || System.getProperty("picocli.usage.width") != null) return;
        cl.getCommandSpec().usageMessage().autoWidth(false).width(Math.max(55, columns));   // the subcommands are 80 wide
    }

    private static void helpEverywhere(CommandLine cl) {
        if (cl.getCommandSpec().optionsMap().get("--help") == null) cl.getCommandSpec().mixinStandardHelpOptions(true);
        for (CommandLine sub : cl.getSubcommands().values()) helpEverywhere(sub);
    }

    // ---- what the commands share -------------------------------------------------------------------

    Format format() {
        return output == null ? Format.table : output;
    }

    boolean json() {
        return format() == Format.json;
    }

    Duration timeout() {
        return timeout == null ? ManagementClient.DEFAULT_TIMEOUT : timeout;
    }

    Path home() {
        String h = env.get("CAIRN_CTL_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".cairn");
    }

    Path keyFile() {
        if (key != null) return key;
        String k = env.get("CAIRN_KEY");
        return k != null && !k.isBlank() ? Path.of(k) : home().resolve(KeysCommand.PRIVATE);
    }

    String fleet() {
        return fleet == null ? ClientOptions.DEFAULT_FLEET : fleet;
    }

    /** The broker login of the options: URL, user name, password, TLS; no key needed. */
    BrokerLogin login() throws CtlException {
        String url = broker != null ? broker : env.getOrDefault("CAIRN_BROKER", ClientOptions.DEFAULT_BROKER);
        char[] password = passwordFile != null ? firstLine(passwordFile, "--password-file")
                : env.get("CAIRN_PASSWORD") != null ? env.get("CAIRN_PASSWORD").toCharArray() : null;
        TlsOptions tls = new TlsOptions(caFile, certFile, certKeyFile, keyStore,
                keyStorePasswordFile == null ? null : firstLine(keyStorePasswordFile, "--keystore-password-file"));
        if (certFile != null && keyStore != null) throw new CtlException(CtlException.Kind.USAGE, "--cert and --keystore exclude each other");
        if (certKeyFile != null && certFile == null) throw new CtlException(CtlException.Kind.USAGE, "--cert-key needs --cert");
        try {
            return new BrokerLogin(url, username, password, tls, timeout());
        } catch (IllegalArgumentException e) {
            throw new CtlException(CtlException.Kind.USAGE, e.getMessage(), e);
        }
    }

    ClientOptions clientOptions() throws CtlException {
        BrokerLogin login = login();
        try {
            return new ClientOptions(login.brokerUrl(), fleet(), login.username(), login.password(), login.tls(),
                    Signer.onFirstUse(keyFile()), timeout());
        } catch (IllegalArgumentException e) {
            throw new CtlException(CtlException.Kind.USAGE, e.getMessage(), e);
        }
    }

    /** The connection, made on first use and closed when the command ends. */
    ManagementClient client() throws CtlException {
        if (client == null) client = ManagementClient.connect(clientOptions());
        return client;
    }

    private static char[] firstLine(Path file, String option) throws CtlException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String line = nl >= 0 ? text.substring(0, nl) : text;
            return line.strip().toCharArray();
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, option + " " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cairnctl.class.getPackage().getImplementationVersion();
            return new String[] {"cairnctl " + (v == null ? "(development build)" : v)};
        }
    }

    /** 10s, 500ms, 2m, 1h, or a bare number of seconds. */
    static final class Durations implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                if (v.endsWith("m")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
                if (v.endsWith("h")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 3600);
                return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 10s, 500ms, 2m or 1h");
            }
        }
    }
}
