package dev.cairn.launcher;

import dev.cairn.launcher.spi.RuntimeUpgrades;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The node's runtimes and their upgrade, kept as small files in {@code data/runtime/} that bin/cairn reads
 * at every start: {@code current} (the committed runtime), {@code trial} (one to boot once, on trial),
 * {@code trial.booted} (bin/cairn has booted it) and {@code outcome} (how the last upgrade ended). Each
 * change is one atomic rename, made in the order bin/cairn expects, so that a crash or power loss between
 * any two steps leaves files from which the next start picks a runtime that boots.
 */
final class Upgrades implements RuntimeUpgrades {
    /** The exit status with which the node asks bin/cairn to start it again, into the chosen runtime. */
    static final int RESTART = 75;
    private static final Logger LOG = Logger.getLogger("dev.cairn.launcher");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}");
    private static final String INSTALLED = "installed";
    private static final long MIN_WINDOW_MS = 5_000;

    private final Path installation;
    private final Path runtime;
    private final Path runtimes;
    private final String version;
    private final Supplier<Set<String>> activeDeployBundles;
    private final Runnable restart;

    /**
     * @param installation        the folder with conf/, deploy/, data/ (cairn.home)
     * @param runtime             the runtime this JVM runs (bin/cairn's folder's parent)
     * @param runtimes            data/runtime
     * @param activeDeployBundles symbolic names of the deploy/ bundles active now
     * @param restart             stops the node with exit status {@link #RESTART}
     */
    Upgrades(Path installation, Path runtime, Path runtimes, String version,
             Supplier<Set<String>> activeDeployBundles, Runnable restart) {
        this.installation = installation;
        this.runtime = runtime;
        this.runtimes = runtimes;
        this.version = version;
        this.activeDeployBundles = activeDeployBundles;
        this.restart = restart;
    }

    /** The name bin/cairn knows this runtime by: a folder under data/runtime, or "installed". */
    String runningName() {
        return runtime.getParent() != null && runtime.getParent().equals(runtimes) ? runtime.getFileName().toString() : INSTALLED;
    }

    @Override
    public String runningVersion() {
        return version;
    }

    /** Unpacks killed half-way are never used: they go at the next start. */
    void removeUnfinishedUnpacks() {
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(runtimes, "*.partial")) {
            for (Path p : partials) deleteTree(p);
        } catch (NoSuchFileException nothingYet) {
            // no upgrade ever
        } catch (IOException e) {
            LOG.warning("cannot remove an unfinished unpack in " + runtimes + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized Staged stage(Path tarball) throws IOException {
        Files.createDirectories(runtimes);
        Path partial = runtimes.resolve("unpack-" + randomId() + ".partial");
        Files.createDirectory(partial);
        try {
            untar(tarball, partial);
            Path top = onlyFolder(partial);
            String v = checkRuntime(top);
            if (v.equals(version)) throw new IOException("this node already runs Cairn " + v);
            String name = "cairn-" + v;
            Path target = runtimes.resolve(name);
            if (target.equals(runtime)) throw new IOException("this node already runs " + name);
            deleteTree(target);   // an earlier attempt at the same version
            Files.move(top, target, StandardCopyOption.ATOMIC_MOVE);
            // a set, not Set.of: a runtime that was upgraded and committed runs as the current one, the same name twice
            pruneExcept(new java.util.HashSet<>(List.of(name, runningName(), property(file("current"), "name").orElse(""))));
            LOG.info("upgrade: unpacked Cairn " + v + " into " + target);
            return new Staged(name, v, target);
        } finally {
            deleteTree(partial);
        }
    }

    @Override
    public synchronized void restartInto(Staged staged, Duration healthWindow) {
        Optional<Properties> trial = read(file("trial"));
        if (trial.isPresent()) {
            throw new IllegalStateException("an upgrade to " + trial.get().getProperty("version") + " is on trial already");
        }
        if (!Files.isExecutable(staged.folder().resolve("bin/cairn"))) {
            throw new IllegalStateException(staged.folder() + " is not a staged runtime (no bin/cairn)");
        }
        Map<String, String> t = new LinkedHashMap<>();
        t.put("id", randomId());
        t.put("name", staged.name());
        t.put("version", staged.version());
        t.put("from", version);
        t.put("window.ms", Long.toString(Math.max(MIN_WINDOW_MS, healthWindow.toMillis())));
        t.put("expect", String.join(",", activeDeployBundles.get()));
        try {
            Files.deleteIfExists(file("trial.booted"));
            write(file("trial"), t);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the upgrade in " + runtimes + ": " + e.getMessage(), e);
        }
        LOG.info("upgrade: restarting into Cairn " + staged.version() + " on trial for " + t.get("window.ms") + " ms");
        // A moment for the caller's reply to leave before the node stops.
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(restart);
    }

    @Override
    public Optional<Outcome> lastOutcome() {
        return read(file("outcome")).map(p -> new Outcome(p.getProperty("id", ""), p.getProperty("version", ""),
                p.getProperty("from", ""), "committed".equals(p.getProperty("outcome")), p.getProperty("reason", ""),
                parseInstant(p.getProperty("at"))));
    }

    @Override
    public Optional<Trial> trial() {
        return runningTrial().map(RunningTrial::trial);
    }

    /** The trial this JVM runs, if it is one that bin/cairn booted. */
    Optional<RunningTrial> runningTrial() {
        if (!Files.exists(file("trial.booted"))) return Optional.empty();
        return read(file("trial")).filter(p -> runningName().equals(p.getProperty("name"))).map(p -> {
            long window = parseLong(p.getProperty("window.ms"), 60_000);
            List<String> expect = new ArrayList<>();
            for (String s : p.getProperty("expect", "").split(",")) if (!s.isBlank()) expect.add(s.trim());
            return new RunningTrial(new Trial(p.getProperty("id", ""), p.getProperty("version", version), p.getProperty("from", ""),
                    Instant.now().plusMillis(window)), expect);
        });
    }

    record RunningTrial(Trial trial, List<String> expectActive) {
    }

    /** The trial was healthy: this runtime becomes the current one. Order as bin/cairn reads it. */
    synchronized void commit(RunningTrial t) throws IOException {
        Map<String, String> current = new LinkedHashMap<>();
        current.put("name", runningName());
        current.put("version", version);
        current.put("installation", installationStamp());
        write(file("current"), current);
        writeOutcome(t.trial(), true, "healthy");
        Files.deleteIfExists(file("trial"));
        Files.deleteIfExists(file("trial.booted"));
        LOG.info("upgrade: committed Cairn " + version + " (from " + t.trial().from() + ")");
    }

    /** The trial failed: back to the runtime it came from, which bin/cairn picks once the trial is gone. */
    synchronized void rollBack(RunningTrial t, String reason) {
        LOG.severe("upgrade: rolling back from Cairn " + version + " to " + t.trial().from() + ": " + reason);
        try {
            writeOutcome(t.trial(), false, reason);
            Files.deleteIfExists(file("trial"));
            Files.deleteIfExists(file("trial.booted"));
        } catch (IOException e) {
            // bin/cairn rolls back anyway: the trial has booted and did not commit
            LOG.severe("upgrade: cannot record the roll-back in " + runtimes + ": " + e.getMessage());
        }
        restart.run();
    }

    private void writeOutcome(Trial t, boolean committed, String reason) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("id", t.id());
        o.put("version", t.version());
        o.put("from", t.from());
        o.put("outcome", committed ? "committed" : "rolled-back");
        o.put("reason", reason.replace('\n', ' '));
        o.put("at", Instant.now().toString());
        write(file("outcome"), o);
    }

    /** As bin/cairn stamps the installation: size and time stamp (s) of its lib/cairn.jar. */
    String installationStamp() throws IOException {
        Path jar = installation.resolve("lib/cairn.jar");
        return Files.size(jar) + "-" + Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS);
    }

    private Path file(String name) {
        return runtimes.resolve(name);
    }

    private static void untar(Path tarball, Path into) throws IOException {
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString(), "--no-same-owner")
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = tar.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            if (tar.waitFor() != 0) {
                throw new IOException("not a Cairn tarball (a .tar.gz): tar says " + (out.isEmpty() ? "exit " + tar.exitValue() : out.lines().findFirst().orElse("")));
            }
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking " + tarball);
        }
    }

    private static Path onlyFolder(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(entries::add);
        }
        if (entries.size() != 1 || !Files.isDirectory(entries.get(0))) {
            throw new IOException("not a Cairn tarball: it should hold one folder, cairn-VERSION/, and holds " + entries.size() + " entries");
        }
        return entries.get(0);
    }

    /** Returns the runtime's version, or says what is missing. */
    static String checkRuntime(Path top) throws IOException {
        for (String needed : List.of("bin/cairn", "lib/cairn.jar", "system")) {
            if (!Files.exists(top.resolve(needed))) throw new IOException("not a Cairn runtime: " + top.getFileName() + "/" + needed + " is missing");
        }
        if (!Files.isExecutable(top.resolve("bin/cairn"))) throw new IOException("not a Cairn runtime: bin/cairn is not executable");
        String v;
        try (JarFile jar = new JarFile(top.resolve("lib/cairn.jar").toFile())) {
            v = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            throw new IOException("not a Cairn runtime: lib/cairn.jar cannot be read: " + e.getMessage(), e);
        }
        if (v == null || !VERSION.matcher(v).matches()) throw new IOException("not a Cairn runtime: lib/cairn.jar has no usable Implementation-Version (" + v + ")");
        return v;
    }

    private void pruneExcept(Set<String> keep) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runtimes, "cairn-*")) {
            for (Path p : s) if (Files.isDirectory(p) && !keep.contains(p.getFileName().toString())) deleteTree(p);
        }
    }

    static void write(Path file, Map<String, String> values) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            // one key=value per line, unescaped: bin/cairn reads them with sed
            for (Map.Entry<String, String> e : values.entrySet()) w.write(e.getKey() + "=" + e.getValue() + "\n");
        }
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);   // the rename must not reach the disk before the content
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static Optional<Properties> read(Path file) {
        try {
            Properties p = new Properties();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) p.setProperty(line.substring(0, eq), line.substring(eq + 1));
            }
            return Optional.of(p);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warning("cannot read " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> property(Path file, String key) {
        return read(file).map(p -> p.getProperty(key));
    }

    private static long parseLong(String s, long otherwise) {
        try {
            return s == null ? otherwise : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null ? Instant.EPOCH : Instant.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String randomId() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
        }
    }
}
