package dev.cairn.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The version of a Cairn tarball as the node will see it, read from tarballs the system's tar makes. */
class CairnTarballTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"posix", "gnu", "ustar"})
    void theVersionIsLibCairnJarsImplementationVersionWhateverTheTarFormat(String format) throws Exception {
        Path top = runtime("cairn-0.2.0", "0.2.0");
        // a name longer than 100 characters needs a pax or GNU long name (ustar: the prefix field)
        Path deep = Files.createDirectories(top.resolve("system/4/" + "a-rather-long-folder-name-".repeat(3)));
        Files.writeString(deep.resolve("some-bundle-with-a-long-name-0.1.0-SNAPSHOT.jar"), "x");
        Path tarball = tar("cairn-0.2.0.tar.gz", format, "cairn-0.2.0");

        CairnTarball t = CairnTarball.read(tarball);

        assertThat(t.version()).isEqualTo("0.2.0");
        assertThat(t.folder()).isEqualTo("cairn-0.2.0");
    }

    @Test
    void aTarballWithoutBinCairnIsNoCairnRuntime() throws Exception {
        Path top = runtime("cairn-0.2.0", "0.2.0");
        Files.delete(top.resolve("bin/cairn"));
        assertThatThrownBy(() -> CairnTarball.read(tar("t.tar.gz", "posix", "cairn-0.2.0")))
                .hasMessage("not a Cairn tarball: cairn-0.2.0/bin/cairn is missing");
    }

    @Test
    void aLauncherWithoutVersionIsRefused() throws Exception {
        runtime("cairn-x", null);
        assertThatThrownBy(() -> CairnTarball.read(tar("t.tar.gz", "posix", "cairn-x")))
                .hasMessageContaining("cairn-x/lib/cairn.jar is missing or has no Implementation-Version");
    }

    @Test
    void twoTopFoldersAreNotOneRuntime() throws Exception {
        runtime("cairn-0.2.0", "0.2.0");
        runtime("cairn-0.3.0", "0.3.0");
        assertThatThrownBy(() -> CairnTarball.read(tar("t.tar.gz", "posix", "cairn-0.2.0", "cairn-0.3.0")))
                .hasMessageContaining("it should hold one folder");
    }

    @Test
    void aFileThatIsNotGzipOrNotTarSaysSo() throws Exception {
        Path jar = Files.writeString(dir.resolve("bundle.jar"), "PK not really");
        assertThatThrownBy(() -> CairnTarball.read(jar)).hasMessageContaining("is not gzip");
        Path gz = dir.resolve("text.gz");
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("just some text, not a tar archive at all".repeat(20).getBytes());
        }
        assertThatThrownBy(() -> CairnTarball.read(gz)).hasMessageContaining("is gzip but not a tar archive");
    }

    private Path runtime(String folder, String version) throws IOException {
        Path top = Files.createDirectories(dir.resolve("src").resolve(folder));
        Files.createDirectories(top.resolve("bin"));
        Files.createDirectories(top.resolve("lib"));
        Files.createDirectories(top.resolve("system/1"));
        Files.writeString(top.resolve("bin/cairn"), "#!/bin/sh\n");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(top.resolve("lib/cairn.jar")), m)) {
            jar.putNextEntry(new java.util.jar.JarEntry("dev/cairn/launcher/Main.class"));
            jar.write(new byte[100]);
        }
        return top;
    }

    private Path tar(String name, String format, String... folders) throws Exception {
        Path out = dir.resolve(name);
        List<String> cmd = new java.util.ArrayList<>(List.of("tar", "--format=" + format, "-czf", out.toString(), "-C", dir.resolve("src").toString()));
        cmd.addAll(List.of(folders));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(said).isZero();
        return out;
    }
}
