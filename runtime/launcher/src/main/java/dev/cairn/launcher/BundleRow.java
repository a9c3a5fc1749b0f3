package dev.cairn.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code cairn status}: a bundle, or a deployed file that could not become one.
 * On the control socket a row travels as tab-separated fields; tabs and line breaks in a reason are
 * folded to spaces so that a row is always one line.
 */
record BundleRow(String id, String name, String version, String state, String level, String file, String reason) {
    static final List<String> HEADER = List.of("ID", "NAME", "VERSION", "STATE", "LEVEL", "FILE", "REASON");

    String toLine() {
        return String.join("\t", clean(id), clean(name), clean(version), clean(state), clean(level), clean(file), clean(reason));
    }

    static BundleRow fromLine(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) throw new IllegalArgumentException("not a status row: " + line);
        return new BundleRow(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
    }

    List<String> fields() {
        return List.of(id, name, version, state, level, file, reason);
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\t\\r\\n]+", " ");
    }

    /** A table for people: columns as wide as their widest cell, the reason last and unpadded. */
    static String table(List<BundleRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        rows.forEach(r -> cells.add(r.fields()));
        int[] width = new int[HEADER.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) width[i] = Math.max(width[i], row.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(i == row.size() - 1 ? cell : cell + " ".repeat(width[i] - cell.length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
