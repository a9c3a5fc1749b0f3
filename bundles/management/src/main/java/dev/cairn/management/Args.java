package dev.cairn.management;

import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.util.Map;

/** Typed access to an op's arguments; a missing or mistyped one is refused with its name. */
final class Args {
    private final Map<String, ?> values;

    Args(Map<String, ?> values) {
        this.values = values == null ? Map.of() : values;
    }

    String string(String name) throws OperationException {
        Object v = values.get(name);
        if (!(v instanceof String s) || s.isBlank()) throw missing(name, "a non-empty string");
        return s;
    }

    /** A bundle id (a whole number, or digits in a string) or a symbolic name, as text. */
    String idOrName(String name) throws OperationException {
        Object v = values.get(name);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 0) return Long.toString(n.longValue());
        if (v instanceof String s && !s.isBlank()) return s;
        throw missing(name, "a bundle id or symbolic name");
    }

    String optionalString(String name) throws OperationException {
        Object v = values.get(name);
        if (v == null) return null;
        if (!(v instanceof String s)) throw missing(name, "a string");
        return s;
    }

    long number(String name) throws OperationException {
        Object v = values.get(name);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) throw missing(name, "a whole number");
        return n.longValue();
    }

    boolean flag(String name) throws OperationException {
        Object v = values.get(name);
        if (v == null) return false;
        if (!(v instanceof Boolean b)) throw missing(name, "true or false");
        return b;
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String name) throws OperationException {
        Object v = values.get(name);
        if (!(v instanceof Map<?, ?> m)) throw missing(name, "an object");
        return (Map<String, Object>) m;
    }

    private static OperationException missing(String name, String what) {
        return new OperationException(ErrorCode.BAD_REQUEST, name + " must be " + what, name);
    }
}
