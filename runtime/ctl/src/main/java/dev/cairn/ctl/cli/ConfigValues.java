package dev.cairn.ctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Configuration values typed from text, as in a deploy/ {@code .json} configuration: {@code true}/{@code false}
 * become booleans, {@code 42} a Long, {@code 0.5} a Double, {@code [17, 27]} an array; {@code "42"} (in
 * double quotes) and anything else a String. The node converts a value to the type its MetaType
 * declares, so "5" and 5 end up the same for a declared key; typing matters for undeclared keys.
 */
final class ConfigValues {
    private static final Pattern LONG = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DOUBLE = Pattern.compile("-?\\d+\\.\\d+([eE][-+]?\\d+)?|-?\\d+[eE][-+]?\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigValues() {}

    static Object parse(String text) {
        String t = text.trim();
        if (t.equals("true") || t.equals("false")) return Boolean.valueOf(t);
        if (LONG.matcher(t).matches()) return Long.valueOf(t);
        if (DOUBLE.matcher(t).matches()) return Double.valueOf(t);
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            try {
                return JSON.readValue(t, String.class);
            } catch (IOException e) {
                return t.substring(1, t.length() - 1);
            }
        }
        if (t.startsWith("[") && t.endsWith("]")) {
            List<Object> items = new ArrayList<>();
            String inner = t.substring(1, t.length() - 1).trim();
            if (!inner.isEmpty()) for (String item : inner.split(",")) items.add(parse(item));
            return items;
        }
        return text;
    }

    /** {@code key=value} pairs; {@code typed} false keeps every value a String. */
    static Map<String, Object> pairs(List<String> pairs, boolean typed) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("'" + p + "' is not key=value");
            String value = p.substring(eq + 1);
            properties.put(p.substring(0, eq).trim(), typed ? parse(value) : value);
        }
        return properties;
    }

    /** Whole numbers as Long and decimals as Double, as ConfigAdmin and the deploy/ JSON files have them. */
    static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) return ((Number) value).longValue();
        if (value instanceof java.math.BigInteger b) return b.longValue();
        if (value instanceof Float f) return f.doubleValue();
        if (value instanceof BigDecimal d) return d.doubleValue();
        if (value instanceof List<?> l) return l.stream().map(ConfigValues::normalize).toList();
        return value;
    }

    /** Same value for the node's purpose: numbers by value, lists item by item, anything else by its text. */
    static boolean same(Object desired, Object actual) {
        if (desired == null || actual == null) return desired == actual;
        if (desired instanceof List<?> a && actual instanceof List<?> b) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
            return true;
        }
        if (desired instanceof Number a && actual instanceof Number b)
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        return String.valueOf(desired).equals(String.valueOf(actual));
    }

    /**
     * The configuration a deploy/ file name stands for: {@code <pid>.json}, or {@code <factoryPid>-<name>.json}
     * for a factory configuration (the first '-' separates them).
     */
    static Map<String, Object> target(String pidOrFileBase) {
        Map<String, Object> t = new LinkedHashMap<>();
        int dash = pidOrFileBase.indexOf('-');
        if (dash > 0) {
            t.put("factoryPid", pidOrFileBase.substring(0, dash));
            t.put("name", pidOrFileBase.substring(dash + 1));
        } else {
            t.put("pid", pidOrFileBase);
        }
        return t;
    }

    static String fileBase(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
