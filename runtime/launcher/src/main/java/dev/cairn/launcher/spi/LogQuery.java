package dev.cairn.launcher.spi;

import java.util.List;
import java.util.Locale;

/**
 * Which log lines are wanted: at least {@code minLevel} (null: all), logged at or after {@code sinceMillis}
 * (0: any time), whose text contains {@code grep} (null or empty: any), at most the last {@code limit}.
 */
public record LogQuery(String minLevel, long sinceMillis, String grep, int limit) {
    /** The levels, least grave first. */
    public static final List<String> LEVELS = List.of("DEBUG", "INFO", "WARN", "ERROR");

    public LogQuery {
        if (minLevel != null) {
            minLevel = minLevel.trim().toUpperCase(Locale.ROOT);
            if (minLevel.equals("WARNING")) minLevel = "WARN";
            if (!LEVELS.contains(minLevel)) throw new IllegalArgumentException("level must be one of " + LEVELS + ", not '" + minLevel + "'");
        }
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
        if (grep != null && grep.isEmpty()) grep = null;
    }

    /** Every line, as many as are kept. */
    public static LogQuery all() {
        return new LogQuery(null, 0, null, Integer.MAX_VALUE);
    }

    public boolean matches(LogLine line) {
        if (minLevel != null && LEVELS.indexOf(line.level()) < LEVELS.indexOf(minLevel)) return false;
        if (line.millis() < sinceMillis) return false;
        return grep == null || line.text().contains(grep);
    }
}
