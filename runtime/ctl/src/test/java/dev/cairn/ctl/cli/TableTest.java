package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsAreAlignedAndMissingCellsDashed() {
        String text = new Table("ID", "NAME", "FILE").row(0, "org.apache.felix.framework", null).row(12, "orders", "orders.jar").render();
        assertThat(text).isEqualTo("""
                ID  NAME                        FILE
                0   org.apache.felix.framework  -
                12  orders                      orders.jar
                """);
    }

    @Test
    void progressBarShowsShareAndSizes() {
        assertThat(ProgressBar.render("orders.jar → pi-3", 512 * 1024, 2 * 1024 * 1024))
                .isEqualTo("orders.jar → pi-3 [#######.......................]  25%  512.0 KiB/2.0 MiB");
        assertThat(ProgressBar.render("x", 0, 0)).contains("100%");
    }
}
