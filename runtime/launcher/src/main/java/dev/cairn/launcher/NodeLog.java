package dev.cairn.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The node's one log: java.util.logging, so that SLF4J (bound to JUL on the launcher's class path),
 * the OSGi LogService (bridged by {@link OsgiLogBridge}) and the framework all end in the same two
 * places — stdout and a size-rotated file under {@code data/log/} — one line per event; the last lines are also
 * kept in memory ({@link LogRing}) for {@code cairnctl logs}.
 */
final class NodeLog {
    private NodeLog() {
    }

    /** Sets up the log; returns its in-memory ring of recent lines, which the node offers to its bundles. */
    static LogRing configure(LogLevel level, Path logDir, int fileSizeMb, int fileCount) throws IOException {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level.julLevel);
        Formatter lines = new OneLineFormatter();

        Handler stdout = new StreamHandler(System.out, lines) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        stdout.setLevel(level.julLevel);
        root.addHandler(stdout);

        Files.createDirectories(logDir);
        FileHandler file = new FileHandler(logDir.resolve("cairn.%g.log").toString(),
                fileSizeMb * 1024 * 1024, fileCount, true);
        file.setFormatter(lines);
        file.setLevel(level.julLevel);
        root.addHandler(file);

        LogRing ring = new LogRing(lines);
        ring.setLevel(level.julLevel);
        root.addHandler(ring);
        return ring;
    }

    /** {@code 2026-11-22T09:47:33.123Z INFO  dev.cairn.launcher - message}, causes folded onto the line. */
    static final class OneLineFormatter extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(160);
            TIME.formatTo(Instant.ofEpochMilli(r.getMillis()), b);
            String label = LogLevel.label(r.getLevel());
            b.append(' ').append(label).append(" ".repeat(6 - label.length()))
                    .append(r.getLoggerName()).append(" - ").append(oneLine(formatMessage(r)));
            if (r.getThrown() != null) {
                b.append(" | ").append(oneLine(causes(r.getThrown())));
                if (r.getLevel().intValue() < java.util.logging.Level.INFO.intValue()) {
                    StringWriter trace = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(trace));
                    b.append(System.lineSeparator()).append(trace.toString().stripTrailing());
                }
            }
            return b.append(System.lineSeparator()).toString();
        }

        /** The chain of causes, outermost first: what a person needs to act on, without the stack. */
        static String causes(Throwable t) {
            StringBuilder b = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (b.length() > 0) b.append(" <- ");
                b.append(describe(c));
            }
            return b.toString();
        }

        /**
         * {@code IllegalStateException: boom}. Felix's LogService hands listeners a LogException standing in
         * for the original (so that no class is pinned); its message is the original's {@code toString()}.
         */
        static String describe(Throwable t) {
            if (t.getClass().getName().equals("org.apache.felix.log.LogException") && t.getMessage() != null) {
                return t.getMessage().replaceFirst("^(?:[\\w$]+\\.)+(?=[\\w$]+: )", "");
            }
            return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }

        static String oneLine(String s) {
            return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        }
    }
}
