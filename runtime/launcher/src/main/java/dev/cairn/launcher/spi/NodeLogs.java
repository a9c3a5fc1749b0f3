package dev.cairn.launcher.spi;

import java.util.List;
import java.util.function.Consumer;

/**
 * The node's recent log, registered by the launcher: what its log file holds last, kept in memory within a
 * bound (a few thousand lines or about a megabyte), and what is logged from now on.
 */
public interface NodeLogs {

    /** The last lines matching {@code query}, oldest first. */
    List<LogLine> recent(LogQuery query);

    /**
     * Hands each new line matching {@code query} to {@code listener} until the returned handle is closed. The
     * listener runs on the thread that logged: it must not block, log or throw (what it throws is dropped).
     */
    AutoCloseable follow(LogQuery query, Consumer<LogLine> listener);
}
