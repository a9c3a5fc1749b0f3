package dev.cairn.launcher.spi;

/**
 * One record of the node's log: when ({@code millis}, epoch ms), how grave ({@code level}: ERROR, WARN, INFO
 * or DEBUG), who ({@code logger}), what ({@code message}, on one line), and {@code text}, the line exactly as
 * the node's log file holds it (without its line end; a DEBUG record's stack trace follows on further lines).
 */
public record LogLine(long millis, String level, String logger, String message, String text) {
}
