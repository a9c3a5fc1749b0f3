package dev.cairn.management.protocol;

/** The answer to one request: {@code ok} with a result, or an error. */
public record Reply(String id, boolean ok, Object result, Error error) {

    /** {@code code} is an {@link dev.cairn.management.api.ErrorCode} name; {@code field} may be null. */
    public record Error(String code, String message, String field) {}

    public static Reply ok(String id, Object result) {
        return new Reply(id, true, result, null);
    }

    public static Reply error(String id, String code, String message, String field) {
        return new Reply(id, false, null, new Error(code, message, field));
    }
}
