package dev.cairn.management;

/** An exception in one line: the innermost message that says something. */
final class Causes {
    private Causes() {}

    static String of(Throwable e) {
        Throwable t = e;
        String message = e.toString();
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) message = t.getMessage();
            t = t.getCause() == t ? null : t.getCause();
        }
        return message;
    }
}
