package dev.cairn.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** A bundle JAR of a {@link CairnTest}: its file, its symbolic name (without directives), and whether it is a fragment. */
record BundleJar(Path file, String symbolicName, boolean fragment) {

    static BundleJar read(Path file) {
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest m = jar.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                throw new IllegalArgumentException("@CairnTest: " + file + " is not an OSGi bundle (no Bundle-SymbolicName in its manifest)");
            }
            return new BundleJar(file, bsn.split(";", 2)[0].trim(), m.getMainAttributes().getValue("Fragment-Host") != null);
        } catch (IOException e) {
            throw new UncheckedIOException("@CairnTest: " + file + " cannot be read as a JAR", e);
        }
    }

    String fileName() {
        return file.getFileName().toString();
    }

    /** {@code pattern} (a glob) names this bundle, by symbolic name or file name. */
    boolean matches(String pattern) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        return pattern.equals(symbolicName) || pattern.equals(fileName()) || m.matches(Path.of(symbolicName)) || m.matches(Path.of(fileName()));
    }
}
