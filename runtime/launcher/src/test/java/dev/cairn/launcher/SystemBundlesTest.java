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
}
