package dev.cairn.ctl;

import dev.cairn.management.protocol.Reply;
import java.util.Optional;

/**
 * A management call that did not succeed, with the category that {@code cairnctl} turns into its exit
 * code. {@link #getMessage()} is meant for a person: "no node pi-3 online", "invalid config: interval.ms
 * must be ≥ 10".
 */
public class CtlException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, from the caller's point of view; {@link #exitCode()} is cairnctl's exit code. */
    public enum Kind {
        /** The node answered with an error: refused (signature, validation) or the operation failed. */
        REFUSED(1),
        /** The bus failed on the node's side: no handler, the handler crashed, the payload was malformed. */
        FAILED(1),
        /** The caller's input is wrong (a missing file, a bad key file, a bad option). */
        USAGE(2),
        /** The node is offline or did not answer, or the broker cannot be reached. */
        UNREACHABLE(3);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;
    private final transient Reply.Error error;
    private final boolean connectionLost;

    public CtlException(Kind kind, String message) {
        this(kind, message, null, null, false);
    }

    public CtlException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, cause, false);
    }

    CtlException(Kind kind, String message, Reply.Error error, Throwable cause, boolean connectionLost) {
        super(message, cause);
        this.kind = kind;
        this.error = error;
        this.connectionLost = connectionLost;
    }

    /** A refusal: the node's error, described for a person. */
    public static CtlException refused(Reply.Error error, String keyId) {
        return new CtlException(Kind.REFUSED, describe(error, keyId), error, null, false);
    }

    static CtlException connectionLost(String message, Throwable cause) {
        return new CtlException(Kind.UNREACHABLE, message, null, cause, true);
    }

    public Kind kind() {
        return kind;
    }

    public int exitCode() {
        return kind.exitCode();
    }

    /** The error as the node sent it, when the node answered with one. */
    public Optional<Reply.Error> error() {
        return Optional.ofNullable(error);
    }

    /** The connection to the broker broke during the call: a new connection may well succeed. */
    public boolean isConnectionLost() {
        return connectionLost;
    }

    /** A node's error in words: the node's message, the field it names, and what to do for security refusals. */
    public static String describe(Reply.Error error, String keyId) {
        if (error == null) return "refused without a reason";
        String message = error.message() == null ? "" : error.message();
        String field = error.field();
        String withField = field != null && !field.isBlank() && !message.contains(field) ? field + ": " + message : message;
        String code = error.code() == null ? "FAILED" : error.code();
        return switch (code) {
            case "UNTRUSTED_KEY" -> "refused: signature not trusted (key " + keyId + " is not in the node's conf/trusted-keys/)";
            case "UNSIGNED" -> "refused: the request is not signed";
            case "BAD_SIGNATURE" -> "refused: the signature does not match the request" + detail(message);
            case "REPLAYED" -> "refused: replayed request (its nonce was seen before)";
            case "EXPIRED" -> "refused: the request's time stamp is outside the node's window; compare the clocks" + detail(message);
            case "TOO_LARGE" -> "refused: request too large" + detail(message);
            case "INVALID_CONFIG" -> prefixed("invalid config: ", withField);
            case "NOT_FOUND" -> "not found: " + withField;
            case "BAD_REQUEST" -> "bad request: " + withField;
            case "UNKNOWN_OP" -> "the node does not know this operation" + detail(message);
            case "BAD_UPLOAD" -> "upload refused: " + withField;
            case "ROLLED_BACK" -> "deploy failed: " + message;   // the node says what it restored or removed
            case "BUSY" -> "the node is busy, try again" + detail(message);
            default -> "failed: " + withField;
        };
    }

    /** The node may already say it ("invalid config: interval.ms must be ≥ 1"): never twice. */
    private static String prefixed(String prefix, String message) {
        return message.startsWith(prefix) ? message : prefix + message;
    }

    private static String detail(String message) {
        return message.isBlank() ? "" : " (" + message + ")";
    }
}
