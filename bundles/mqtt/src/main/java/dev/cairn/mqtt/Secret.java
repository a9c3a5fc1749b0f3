package dev.cairn.mqtt;

/** A password: it prints as {@code ***} so that no log line or exception message can carry it. */
final class Secret {
    static final Secret NONE = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    boolean isEmpty() {
        return value.isEmpty();
    }

    char[] chars() {
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return isEmpty() ? "" : "***";
    }
}
