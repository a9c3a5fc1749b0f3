package dev.cairn.bus;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A span's identity as W3C Trace Context has it: {@code 00-<trace id>-<span id>-<flags>}, where flags
 * {@code 01} says the trace is sampled (recorded) and {@code 00} that it is only passed on.
 */
record TraceContext(String traceId, String spanId, boolean sampled) {
    private static final String VERSION = "00";
    private static final HexFormat HEX = HexFormat.of();   // lower case, as the W3C format has it

    static TraceContext root(boolean sampled) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new TraceContext(HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(nonZero(r)), HEX.toHexDigits(nonZero(r)), sampled);
    }

    TraceContext child() {
        return new TraceContext(traceId, HEX.toHexDigits(nonZero(ThreadLocalRandom.current())), sampled);
    }

    String traceparent() {
        return VERSION + "-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /** The context a {@code traceparent} value names, or null when it is not a valid one (which W3C says to ignore). */
    static TraceContext parse(String traceparent) {
        if (traceparent == null || traceparent.length() < 55) return null;
        String[] parts = traceparent.split("-", -1);
        if (parts.length < 4 || parts[0].length() != 2 || "ff".equals(parts[0])) return null;
        if (VERSION.equals(parts[0]) && parts.length != 4) return null;
        String trace = parts[1];
        String span = parts[2];
        if (!isHex(trace, 32) || !isHex(span, 16) || !isHex(parts[3], 2) || isZero(trace) || isZero(span)) return null;
        return new TraceContext(trace, span, (Integer.parseInt(parts[3], 16) & 1) == 1);
    }

    private static long nonZero(ThreadLocalRandom r) {
        long v;
        do v = r.nextLong(); while (v == 0);
        return v;
    }

    private static boolean isHex(String s, int length) {
        if (s.length() != length) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    private static boolean isZero(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) != '0') return false;
        return true;
    }
}
