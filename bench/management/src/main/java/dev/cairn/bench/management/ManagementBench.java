package dev.cairn.bench.management;

import dev.cairn.ctl.ClientOptions;
import dev.cairn.ctl.Deployed;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.Signer;
import dev.cairn.management.protocol.Keys;
import dev.cairn.mqtt.Mosquitto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Remote management against a real node process and a real Mosquitto on loopback, as cairnctl does it:
 * the round trip of a signed request that reads (node.info) and one that changes a configuration
 * (config.put), and a 1 MiB bundle deployed until it is ACTIVE.
 */
public final class ManagementBench {
    private static final Duration CALL = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "distribution/target/cairn-0.1.0-SNAPSHOT").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path work = Files.createTempDirectory("cairn-bench-mgmt");
        Mosquitto broker = Mosquitto.start(work.resolve("mosquitto"));
        Path home = work.resolve("node");
        copy(dist, home);
        Files.writeString(home.resolve("conf/dev.cairn.mqtt.cfg"), "broker.urls = " + broker.url() + "\n");
        Files.copy(home.resolve("examples/hello.jar"), home.resolve("deploy/hello.jar"));
        KeyPair key = Keys.generate();
        Files.createDirectories(home.resolve("conf/trusted-keys"));
        Files.writeString(home.resolve("conf/trusted-keys/bench.pub"), Keys.publicPem(key.getPublic()));
        Process node = new ProcessBuilder(home.resolve("bin/cairn").toString(), "--node-id", "bench")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("out.log").toFile()).start();
        try (ManagementClient ops = ManagementClient.connect(ClientOptions.of(broker.url(), new Signer(key)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (ops.call("bench", "node.info", Map.of(), Duration.ofSeconds(2)).ok()) break;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) throw e;
                }
            }
            System.out.println("| request | n | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            row("node.info", time(rounds, i -> ops.result("bench", "node.info", Map.of(), CALL)));
            // the hello example: a running component whose configuration is checked against its MetaType and applied
            row("config.put (MetaType-checked, component reconfigured)", time(rounds, i -> ops.result("bench", "config.put",
                    Map.of("pid", "dev.cairn.examples.hello", "properties", Map.of("greeting.name", "bench " + i)), CALL)));
            Path jars = Files.createDirectories(work.resolve("jars"));
            int deploys = 10;
            row("deploy 1 MiB bundle → ACTIVE (8 chunks)", time(deploys, i -> {
                Deployed d = ops.deploy("bench", bundle(jars, i), null);
                if (!"ACTIVE".equals(d.bundle().get("state"))) throw new IllegalStateException("not active: " + d);
            }));
        } finally {
            node.destroy();
            node.waitFor();
            broker.close();
        }
    }

    interface Step {
        void run(int i) throws Exception;
    }

    private static long[] time(int n, Step step) throws Exception {
        for (int i = 0; i < Math.min(50, n); i++) step.run(-1 - i);   // warm-up
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            step.run(i);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void row(String what, long[] sorted) {
        System.out.printf("| %s | %d | %.2f | %.2f | %.2f |%n", what, sorted.length, ms(sorted, 0.50), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** A bundle of 1 MiB of incompressible bytes, a new version each time (the warm-up deploys count down). */
    private static Path bundle(Path dir, int i) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "bench.payload");
        a.putValue("Bundle-Version", "1.0." + (i + 100));
        Path file = dir.resolve("payload-" + (i + 100) + ".jar");
        byte[] payload = new byte[1024 * 1024 - 2048];
        new Random(i).nextBytes(payload);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.setLevel(0);
            jar.putNextEntry(new JarEntry("payload.bin"));
            jar.write(payload);
            jar.closeEntry();
        }
        Path named = dir.resolve("payload.jar");
        Files.copy(file, named, StandardCopyOption.REPLACE_EXISTING);
        return named;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
