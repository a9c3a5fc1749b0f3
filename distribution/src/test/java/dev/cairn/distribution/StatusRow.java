package dev.cairn.distribution;

import java.util.ArrayList;
import java.util.List;

/** One row of the table bin/cairn status prints, cut at the columns its header sets. */
record StatusRow(String id, String name, String version, String state, String level, String file, String reason) {

    static List<StatusRow> parseTable(String table) {
        List<String> lines = table.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("ID")) throw new IllegalArgumentException("not a status table:\n" + table);
        String header = lines.get(0);
        String[] names = {"ID", "NAME", "VERSION", "STATE", "LEVEL", "FILE", "REASON"};
        int[] start = new int[names.length];
        for (int i = 0; i < names.length; i++) start[i] = header.indexOf(names[i]);
        List<StatusRow> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                int from = Math.min(start[i], line.length());
                int to = i + 1 < names.length ? Math.min(start[i + 1], line.length()) : line.length();
                f[i] = line.substring(from, to).trim();
            }
            rows.add(new StatusRow(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        }
        return rows;
    }
}
