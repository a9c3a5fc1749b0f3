package dev.cairn.bus.api;

/** Why the bus could not do what was asked; {@link #reason()} tells the kind, the message the details. */
public class BusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** A topic or filter is not well formed. */
        INVALID_TOPIC,
        /** No handler serves the topic, here or on a reachable node. */
        NO_HANDLER,
        /** No reply came within the time-out. */
        TIMEOUT,
        /** The handler threw; the message is its exception's. */
        HANDLER_FAILED,
        /** A payload could not be encoded or decoded. */
        MALFORMED_PAYLOAD,
        /** The bus or its transport is stopping or stopped. */
        CLOSED,
        /** The bundle did not declare this in its {@link BusGrants}, or the broker refused it. */
        NOT_GRANTED
    }

    private final Reason reason;

    public BusException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BusException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
