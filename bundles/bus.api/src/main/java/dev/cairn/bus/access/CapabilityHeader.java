package dev.cairn.bus.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the clauses of one namespace from an OSGi {@code Provide-Capability} header, for tools that have a JAR
 * and no framework (cairnctl). Attributes typed {@code List<String>} come back as lists, others as strings;
 * directives are skipped. The header syntax is OSGi core's 3.2.4: clauses by commas, parameters by semicolons,
 * values optionally in double quotes with backslash escapes.
 */
final class CapabilityHeader {
    private CapabilityHeader() {
    }

    static List<Map<String, Object>> parse(String header, String namespace) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (header == null) return out;
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            if (parts.isEmpty() || !parts.get(0).trim().equals(namespace)) continue;
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (String param : parts.subList(1, parts.size())) {
                int eq = param.indexOf('=');
                if (eq < 0 || param.startsWith(":", eq - 1)) continue;   // a directive (name:=value)
                String name = param.substring(0, eq).trim();
                String value = unquote(param.substring(eq + 1).trim());
                int colon = name.indexOf(':');
                String type = colon < 0 ? "String" : name.substring(colon + 1).trim();
                name = colon < 0 ? name : name.substring(0, colon).trim();
                attributes.put(name, type.startsWith("List") ? listOf(value) : value);
            }
            out.add(attributes);
        }
        return out;
    }

    /** Splits at {@code sep} outside double quotes; quotes and escapes are kept for the next step. */
    private static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                b.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c == sep && !quoted) {
                parts.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        if (b.length() > 0) parts.add(b.toString());
        return parts;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
        return v.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** A {@code List<String>} value: items by commas, {@code \,} a comma inside an item. */
    private static List<String> listOf(String v) {
        List<String> items = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) b.append(v.charAt(++i));
            else if (c == ',') {
                items.add(b.toString().trim());
                b.setLength(0);
            } else b.append(c);
        }
        items.add(b.toString().trim());
        return items;
    }
}
