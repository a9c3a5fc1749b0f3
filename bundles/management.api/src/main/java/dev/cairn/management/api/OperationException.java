package dev.cairn.management.api;

/** A refused or failed operation, with the field at fault when one is. */
public class OperationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;

    public OperationException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public OperationException(ErrorCode code, String message, String field) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /** The key or argument at fault, or null. */
    public String field() {
        return field;
    }
}
