package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BundleRowTest {

    @Test
    void aRowSurvivesTheSocketEvenWithTabsAndLineBreaksInItsReason() {
        BundleRow row = new BundleRow("12", "it.app", "1.0.0", "RESOLVED", "5", "deploy/app.jar", "cannot start:\tboom\nat line 2");

        BundleRow back = BundleRow.fromLine(row.toLine());

        assertThat(back.reason()).isEqualTo("cannot start: boom at line 2");
        assertThat(back.name()).isEqualTo("it.app");
        assertThat(back.file()).isEqualTo("deploy/app.jar");
    }

    @Test
    void theTableAlignsColumnsAndLeavesTheReasonLast() {
        String table = BundleRow.table(List.of(
                new BundleRow("0", "org.apache.felix.framework", "7.0.5", "ACTIVE", "0", "", ""),
                new BundleRow("-", "corrupt.jar", "", "FAILED", "", "deploy/corrupt.jar", "corrupt JAR: zip END header not found")));

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(3);
        int stateColumn = lines.get(0).indexOf("STATE");
        assertThat(lines.get(1).substring(stateColumn)).startsWith("ACTIVE");
        assertThat(lines.get(2).substring(stateColumn)).startsWith("FAILED");
        assertThat(lines.get(2)).endsWith("corrupt JAR: zip END header not found");
        assertThat(lines.get(1)).doesNotEndWith(" ");
    }
}
