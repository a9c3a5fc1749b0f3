package dev.cairn.launcher;

import dev.cairn.launcher.spi.LogLine;
import dev.cairn.launcher.spi.LogQuery;
import dev.cairn.launcher.spi.NodeLogs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The node's recent log in memory, a handler beside stdout and the file: the last {@code maxLines} lines or
 * {@code maxChars} characters, whichever bound is met first, formatted as the file's lines are. Followers get
 * each new line on the logging thread; a follower that logs in turn is not called again for its own line.
 */
final class LogRing extends Handler implements NodeLogs {
    static final int MAX_LINES = 2_000;
    static final int MAX_CHARS = 1 << 20;

    private final int maxLines;
    private final long maxChars;
    private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> delivering = ThreadLocal.withInitial(() -> false);
    private long chars;

    LogRing(Formatter formatter) {
        this(formatter, MAX_LINES, MAX_CHARS);
    }

    LogRing(Formatter formatter, int maxLines, long maxChars) {
        this.maxLines = maxLines;
        this.maxChars = maxChars;
        setFormatter(formatter);
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record) || delivering.get()) return;
        LogLine line;
        try {
            String text = getFormatter().format(record).stripTrailing();
            String message = NodeLog.OneLineFormatter.oneLine(getFormatter().formatMessage(record));
            line = new LogLine(record.getMillis(), LogLevel.label(record.getLevel()), String.valueOf(record.getLoggerName()), message, text);
        } catch (RuntimeException e) {
            return;
        }
        add(line);
        if (followers.isEmpty()) return;
        delivering.set(true);
        try {
            for (Follower f : followers) {
                if (!f.query.matches(line)) continue;
                try {
                    f.listener.accept(line);
                } catch (RuntimeException | LinkageError ignored) {
                    // a follower's failure is its own; the log goes on
                }
            }
        } finally {
            delivering.set(false);
        }
    }

    void add(LogLine line) {
        synchronized (lines) {
            lines.addLast(line);
            chars += line.text().length();
            while (lines.size() > maxLines || chars > maxChars && lines.size() > 1) {
                chars -= lines.removeFirst().text().length();
            }
        }
    }

    @Override
    public List<LogLine> recent(LogQuery query) {
        List<LogLine> out = new ArrayList<>();
        synchronized (lines) {
            for (Iterator<LogLine> it = lines.descendingIterator(); it.hasNext() && out.size() < query.limit(); ) {
                LogLine l = it.next();
                if (query.matches(l)) out.add(l);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    @Override
    public AutoCloseable follow(LogQuery query, Consumer<LogLine> listener) {
        Follower f = new Follower(query, listener);
        followers.add(f);
        return () -> followers.remove(f);
    }

    int size() {
        synchronized (lines) {
            return lines.size();
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        followers.clear();
    }

    private record Follower(LogQuery query, Consumer<LogLine> listener) {
    }
}
