package dev.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarCheckTest {
    @TempDir
    Path dir;

    private Path jar(String name, String symbolicName) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream ignored = new JarOutputStream(out, m)) {
            return file;
        }
    }

    @Test
    void aBundleHasNoProblem() throws Exception {
        assertThat(JarCheck.problem(jar("ok.jar", "it.ok").toFile())).isEmpty();
    }

    @Test
    void aLibraryJarIsNotABundle() throws Exception {
        assertThat(JarCheck.problem(jar("lib.jar", null).toFile())).contains("not an OSGi bundle: META-INF/MANIFEST.MF has no Bundle-SymbolicName");
    }

    @Test
    void aZipWithoutManifestIsNotABundle() throws Exception {
        Path file = dir.resolve("plain.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
        }
        assertThat(JarCheck.problem(file.toFile())).contains("not an OSGi bundle: the JAR has no META-INF/MANIFEST.MF");
    }

    @Test
    void aTruncatedJarIsCorrupt() throws Exception {
        Path good = jar("good.jar", "it.ok");
        Path cut = dir.resolve("cut.jar");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(JarCheck.problem(cut.toFile())).get().asString().startsWith("corrupt JAR: ");
    }
}
