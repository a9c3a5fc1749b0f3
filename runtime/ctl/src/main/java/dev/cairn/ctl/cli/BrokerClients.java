package dev.cairn.ctl.cli;

import dev.cairn.bus.access.Grants;
import dev.cairn.ctl.CtlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A node's credential at the broker and the rules that go with it ({@code FleetAcl}): enroll, grant, revoke. The
 * password is made here (32 random bytes), goes to the broker and into files that only their owner can read, and is
 * never printed unless asked, never on a command line.
 */
final class BrokerClients {
    static final String PASSWORD_FILE = "mqtt.password";
    static final String MQTT_CFG = "dev.cairn.mqtt.cfg";
    static final String OPERATOR_PASSWORD_FILE = "broker.password";

    private BrokerClients() {
    }

    @Command(name = "enroll", sortOptions = false, description = {
            "Give NODE its own broker credential, with the rules its bundles' grants call for (FleetAcl).",
            "Writes DIR/" + PASSWORD_FILE + " (0600, the password only) and puts username and password.file into DIR/" + MQTT_CFG
                    + "; DIR is meant to be the node's conf/ (default ./NODE-conf/).",
            "With --operator, a credential for cairnctl instead: DIR/" + OPERATOR_PASSWORD_FILE + " only."})
    static final class Enroll extends Base {
        @Parameters(index = "0", paramLabel = "NODE", description = "the node id: its MQTT user name")
        String node;

        @Option(names = "--bundle", paramLabel = "JAR", description = "a bundle the node runs; its grants are added (repeatable)")
        List<Path> bundles = new ArrayList<>();

        @Option(names = "--operator", description = "an operator (cairnctl): management requests, presence, replies; no bus grants")
        boolean operator;

        @Option(names = "--out", paramLabel = "DIR", description = "where the files go (default ./NODE-conf/)")
        Path out;

        @Option(names = "--force", description = "enroll again: a new password, the old one stops working at once")
        boolean force;

        @Option(names = "--show-password", description = "also print the password (for a secret store); it is in the file anyway")
        boolean showPassword;

        @ArgGroup(exclusive = true, multiplicity = "1", heading = "Broker (one of):%n")
        Backend backend;

        @Override
        public Integer call() throws CtlException {
            Names.check(node, "NODE");
            if (operator && !bundles.isEmpty()) throw new CtlException(CtlException.Kind.USAGE, "--operator and --bundle exclude each other: operators have no bus grants");
            Map<Path, Grants> each = JarGrants.read(bundles);
            Grants grants = operator ? Grants.NONE : JarGrants.union(each).union(JarGrants.platform());
            Path dir = out != null ? out : Path.of(node + "-conf");
            prepare(dir);
            BrokerClient.Role role = operator ? BrokerClient.Role.OPERATOR : BrokerClient.Role.NODE;
            char[] password = Passwords.generate();
            try (ClientRegistry registry = backend.open(root())) {
                BrokerClient client = registry.enroll(node, role, grants, password, force);
                List<Path> written = write(dir, role, password, registry.where());
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("client", node);
                result.put("role", role.word());
                result.put("broker", registry.where());
                result.put("rules", AccessReport.rules(root().fleet(), client));
                result.put("files", written.stream().map(Path::toString).toList());
                result.put("notes", client.notes());
                if (showPassword) result.put("password", new String(password));
                print(result, () -> {
                    var o = root().out;
                    o.println("enrolled " + role.word() + " " + node + " at " + registry.where());
                    each.forEach((jar, g) -> o.println("  " + jar.getFileName() + ": " + (g.isEmpty() ? "declares no bus grants" : g)));
                    AccessReport.printRules(o, AccessReport.rules(root().fleet(), client));
                    client.notes().forEach(n -> o.println("note: " + n));
                    if (role == BrokerClient.Role.NODE) {
                        o.println("wrote " + written.get(0) + " (0600, the password) and " + written.get(1) + " (username, password.file)");
                        o.println("put both into the node's conf/ (if DIR is not that already), e.g.:");
                        o.println("  scp -p " + written.get(0) + " " + written.get(1) + " " + node + ":/opt/cairn/conf/");
                    } else {
                        o.println("wrote " + written.get(0) + " (0600, the password); use it as:");
                        o.println("  cairnctl --username " + node + " --password-file " + written.get(0) + " nodes");
                    }
                    if (showPassword) o.println(new String(password));
                });
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        private static void prepare(Path dir) throws CtlException {
            try {
                if (!Files.isDirectory(dir)) {
                    if (SecretFiles.posix())
                        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    else Files.createDirectories(dir);
                }
                if (!Files.isWritable(dir)) throw new CtlException(CtlException.Kind.USAGE, "cannot write into " + dir);
            } catch (IOException e) {
                throw new CtlException(CtlException.Kind.USAGE, "cannot make " + dir + ": " + e.getMessage(), e);
            }
        }

        private List<Path> write(Path dir, BrokerClient.Role role, char[] password, String where) throws CtlException {
            Path secret = dir.resolve(role == BrokerClient.Role.NODE ? PASSWORD_FILE : OPERATOR_PASSWORD_FILE);
            try {
                SecretFiles.write(secret.toAbsolutePath(), new String(password));
                if (role == BrokerClient.Role.OPERATOR) return List.of(secret);
                Path cfg = dir.resolve(MQTT_CFG);
                Map<String, String> keys = new LinkedHashMap<>();
                keys.put("username", node);
                keys.put("password.file", "conf/" + PASSWORD_FILE);
                CfgLines.put(cfg, keys, List.of(".password"));
                return List.of(secret, cfg);
            } catch (IOException e) {
                throw new CtlException(CtlException.Kind.FAILED, node + " is enrolled at " + where + ", but its files could not be written ("
                        + e.getMessage() + "): enroll it again with --force", e);
            }
        }
    }

    @Command(name = "grant", description = {"Replace NODE's bus grants at the broker with the union of the JARs' grants;",
            "the platform's rules (presence, replies, management) are always there. Prints the resulting rules.",
            "Mosquitto disconnects the node to apply changed rules; it reconnects by itself."})
    static final class Grant extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "JAR", description = "the bundles the node runs")
        List<Path> jars;

        @ArgGroup(exclusive = true, multiplicity = "1", heading = "Broker (one of):%n")
        Backend backend;

        @Override
        public Integer call() throws CtlException {
            Names.check(node, "NODE");
            Map<Path, Grants> each = JarGrants.read(jars);
            try (ClientRegistry registry = backend.open(root())) {
                BrokerClient client = registry.grant(node, JarGrants.union(each).union(JarGrants.platform()));
                List<AccessReport.RuleRow> rules = AccessReport.rules(root().fleet(), client);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("client", node);
                result.put("broker", registry.where());
                result.put("rules", rules);
                result.put("notes", client.notes());
                print(result, () -> {
                    root().out.println(node + " at " + registry.where() + ":");
                    each.forEach((jar, g) -> root().out.println("  " + jar.getFileName() + ": " + (g.isEmpty() ? "declares no bus grants" : g)));
                    AccessReport.printRules(root().out, rules);
                    client.notes().forEach(n -> root().out.println("note: " + n));
                });
                return 0;
            }
        }
    }

    @Command(name = "revoke", description = {"Remove NODE's credential from the broker; its live connection is cut off at once.",
            "Exit code 1 if the broker has no such client."})
    static final class Revoke extends Base {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @ArgGroup(exclusive = true, multiplicity = "1", heading = "Broker (one of):%n")
        Backend backend;

        @Override
        public Integer call() throws CtlException {
            Names.check(node, "NODE");
            try (ClientRegistry registry = backend.open(root())) {
                if (!registry.revoke(node)) throw ClientRegistry.unknown(node, registry.where());
                print(Map.of("client", node, "broker", registry.where(), "revoked", true),
                        () -> root().out.println("revoked " + node + " at " + registry.where() + ": its password no longer works"));
                return 0;
            }
        }
    }

    /** The lines of a {@code .cfg} file with some keys set: replaced where they stand, added at the end, others kept. */
    static final class CfgLines {
        private CfgLines() {
        }

        static void put(Path file, Map<String, String> keys, List<String> remove) throws IOException {
            List<String> lines = new ArrayList<>();
            Map<String, String> left = new LinkedHashMap<>(keys);
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String key = keyOf(l);
                    if (key != null && remove.contains(key)) continue;
                    if (key != null && keys.containsKey(key)) {
                        if (left.containsKey(key)) lines.add(key + " = " + left.remove(key));
                        continue;
                    }
                    lines.add(l);
                }
            }
            left.forEach((k, v) -> lines.add(k + " = " + v));
            SecretFiles.write(file.toAbsolutePath(), String.join("\n", lines) + "\n");
        }

        /** The key of a {@code key = value} line, null for comments and blank lines. */
        static String keyOf(String line) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("!")) return null;
            int end = 0;
            while (end < l.length() && "=: \t".indexOf(l.charAt(end)) < 0) end++;
            return l.substring(0, end);
        }
    }
}
