package dev.cairn.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds the small JARs the system tests drop into deploy/: good bundles and each kind of bad one. */
final class TestBundles {
    private final Path dir;

    TestBundles(Path dir) {
        this.dir = dir;
    }

    /** A bundle with the given headers, holding the given classes of the test class path. */
    Path bundle(String fileName, String symbolicName, String version, Map<String, String> headers, Class<?>... classes)
            throws IOException {
        Manifest m = manifest();
        Attributes a = m.getMainAttributes();
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        headers.forEach(a::putValue);
        return jar(fileName, m, classes);
    }

    /** A plain library JAR: a manifest, but no Bundle-SymbolicName. */
    Path notABundle(String fileName) throws IOException {
        return jar(fileName, manifest(), TestBundles.class);
    }

    /** The first bytes of a JAR and then nothing that a zip reader can use. */
    Path corrupt(String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        byte[] bytes = new byte[4096];
        new java.util.Random(42).nextBytes(bytes);
        bytes[0] = 'P';
        bytes[1] = 'K';
        bytes[2] = 3;
        bytes[3] = 4;
        Files.write(file, bytes);
        return file;
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return m;
    }

    private Path jar(String fileName, Manifest manifest, Class<?>... classes) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return file;
    }
}
