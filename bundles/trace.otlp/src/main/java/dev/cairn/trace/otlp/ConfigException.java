package dev.cairn.trace.otlp;

/** A configuration value that cannot work; the message starts with the property key, so SCR's failure reason names it. */
final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConfigException(String key, String reason) {
        super(key + ": " + reason);
    }
}
