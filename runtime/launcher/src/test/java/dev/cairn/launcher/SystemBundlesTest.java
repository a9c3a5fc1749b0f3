package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemBundlesTest {
    @TempDir
    Path system;

    @Test
    void theFolderAJarIsInIsItsStartLevelAndTheyComeInStartOrder() throws Exception {
        Files.createDirectories(system.resolve("10"));
        Files.createDirectories(system.resolve("2"));
        Files.createFile(system.resolve("10/fileinstall.jar"));
        Files.createFile(system.resolve("2/scr.jar"));
        Files.createFile(system.resolve("2/configadmin.jar"));
        Files.createFile(system.resolve("2/notes.txt"));

        var entries = SystemBundles.find(system);

        assertThat(entries).extracting(e -> e.startLevel() + ":" + e.jar().getFileName())
                .containsExactly("2:configadmin.jar", "2:scr.jar", "10:fileinstall.jar");
        assertThat(SystemBundles.highestLevel(entries)).isEqualTo(10);
        assertThat(entries.get(0).location()).startsWith("reference:file:/").endsWith("/2/configadmin.jar");
    }

    @Test
    void aFolderThatIsNotAStartLevelIsRefusedByName() throws Exception {
        Files.createDirectories(system.resolve("extras"));

        assertThatThrownBy(() -> SystemBundles.find(system)).hasMessageContaining("extras").hasMessageContaining("start level");
    }

    @Test
    void aMissingSystemFolderIsNamed() {
        assertThatThrownBy(() -> SystemBundles.find(system.resolve("nope"))).hasMessageContaining("nope").hasMessageContaining("does not exist");
    }

    @Test
    void aJarIsChangedWhenItsSizeOrTimeStampDiffersFromTheLastInstallEvenIfOlder() throws Exception {
        Files.createDirectories(system.resolve("1"));
        Path jar = Files.writeString(system.resolve("1/a.jar"), "version 1");
        Path stampFile = system.resolve("../data/system-bundles.properties");
        var entries = SystemBundles.find(system);
        SystemBundles.Stamps.load(stampFile).save(entries);
        assertThat(SystemBundles.Stamps.load(stampFile).matches(entries.get(0))).isTrue();

        Files.writeString(jar, "version 2, older");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000));

        assertThat(SystemBundles.Stamps.load(stampFile).matches(entries.get(0))).isFalse();
    }
}
