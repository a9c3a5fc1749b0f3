package dev.cairn.launcher;

import java.util.Locale;
import java.util.logging.Level;

/** The four levels a node's operator chooses from, and their java.util.logging equivalents. */
enum LogLevel {
    ERROR(Level.SEVERE), WARN(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE);

    final Level julLevel;

    LogLevel(Level julLevel) {
        this.julLevel = julLevel;
    }

    static LogLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new NodeSettings.SettingsException("log.level must be ERROR, WARN, INFO or DEBUG, not '" + text + "'");
        }
    }

    static String label(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return "ERROR";
        if (v >= Level.WARNING.intValue()) return "WARN";
        if (v >= Level.INFO.intValue()) return "INFO";
        return "DEBUG";
    }
}
