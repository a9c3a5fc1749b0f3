package dev.cairn.ctl.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Left-aligned columns, two blanks apart, headers in capitals; the last column is not padded. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
        columns = headers.length;
        rows.add(headers);
    }

    Table row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "-";
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    String render() {
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    void print(PrintStream out) {
        out.print(render());
    }

    @Override
    public String toString() {
        return rows.stream().map(Arrays::toString).toList().toString();
    }
}
