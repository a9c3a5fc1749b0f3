package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
    @TempDir
    Path data;

    private final List<BundleRow> rows = List.of(new BundleRow("1", "a", "1.0.0", "ACTIVE", "1", "system/1/a.jar", ""));

    @Test
    void statusTravelsThroughASocketOnlyItsOwnerMayUse() throws Exception {
        Path path = data.resolve("cairn.sock");
        try (ControlSocket ignored = ControlSocket.open(path, () -> rows)) {
            assertThat(ControlSocket.status(path)).isEqualTo(rows);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void aSecondNodeOnTheSameDataFolderIsRefused() throws Exception {
        Path path = data.resolve("cairn.sock");
        try (ControlSocket ignored = ControlSocket.open(path, () -> rows)) {
            assertThatThrownBy(() -> ControlSocket.open(path, () -> rows)).hasMessageContaining("another node is running");
        }
    }

    @Test
    void aSocketLeftByAKilledNodeIsReplaced() throws Exception {
        Path path = data.resolve("cairn.sock");
        ControlSocket.open(path, () -> rows).closeWithoutCleanUp();

        try (ControlSocket ignored = ControlSocket.open(path, () -> rows)) {
            assertThat(ControlSocket.status(path)).isEqualTo(rows);
        }
    }

    @Test
    void withoutANodeStatusSaysSo() {
        assertThatThrownBy(() -> ControlSocket.status(data.resolve("cairn.sock"))).hasMessageContaining("no node is running");
    }
}
