package dev.cairn.ctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The bundle a build made: its file, symbolic name and version, and the packages of its classes, which name the
 * loggers of its code (SLF4J's {@code getLogger(Foo.class)} is the class's name).
 */
record BundleJar(Path file, String symbolicName, String version, Set<String> packages) {

    /** The deploy/ file name: the same for every version, so that each build updates the bundle deployed before. */
    String deployName() {
        return symbolicName + ".jar";
    }

    /** Whether a node's log line is about this bundle: logged by its code, or naming it. */
    boolean concerns(String logger, String text) {
        if (logger != null) {
            int dot = logger.lastIndexOf('.');
            if (dot > 0 && packages.contains(logger.substring(0, dot))) return true;
            if (packages.contains(logger)) return true;
        }
        return text != null && (text.contains(symbolicName) || text.contains(deployName()));
    }

    /** Reads a bundle; empty when the file is not one (no Bundle-SymbolicName). */
    static Optional<BundleJar> read(Path file) throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest m = jar.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) return Optional.empty();
            int semi = bsn.indexOf(';');
            String name = (semi >= 0 ? bsn.substring(0, semi) : bsn).trim();
            String version = m.getMainAttributes().getValue("Bundle-Version");
            Set<String> packages = new TreeSet<>();
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                int slash = n.lastIndexOf('/');
                if (n.endsWith(".class") && slash > 0 && !n.startsWith("META-INF/") && !n.startsWith("OSGI-INF/"))
                    packages.add(n.substring(0, slash).replace('/', '.'));
            }
            return Optional.of(new BundleJar(file, name, version == null ? "0.0.0" : version.trim(), Set.copyOf(packages)));
        }
    }

    /**
     * The bundle a Maven build left in {@code target}: of its JARs that are bundles (not {@code -sources},
     * {@code -javadoc} or {@code -tests}), the one written last.
     */
    static BundleJar built(Path target) throws IOException {
        if (!Files.isDirectory(target)) throw new IOException("the build made no folder " + target);
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(target)) {
            files.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".jar") && !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar")
                        && Files.isRegularFile(f);
            }).forEach(jars::add);
        }
        jars.sort(Comparator.comparing(BundleJar::modified).reversed());
        for (Path j : jars) {
            Optional<BundleJar> b = read(j);
            if (b.isPresent()) return b.get();
        }
        throw new IOException(jars.isEmpty() ? "the build left no JAR in " + target
                : "no JAR in " + target + " is a bundle (none has a Bundle-SymbolicName): " + jars.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
