package dev.cairn.mqtt;

/** A configuration value that cannot work; the message starts with the property key, so SCR's failure reason names it. */
final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    ConfigException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    ConfigException(String field, String reason, Throwable cause) {
        super(field + ": " + reason, cause);
        this.field = field;
    }

    String field() {
        return field;
    }
}
