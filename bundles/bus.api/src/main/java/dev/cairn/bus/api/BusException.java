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
        NOT_GRANTED,
        /**
         * Not sent: a circuit breaker the caller's node configured for this topic is open, after too many
         * failures or time-outs; the message names the breaker and until when it stays open. Since 1.3.
         */
        CIRCUIT_OPEN,
        /**
         * Refused by the handler's node: the handler's rate limit ({@link BusHandler#RATE}, or the node's
         * configuration) has no room for it now. Since 1.3.
         */
        RATE_LIMITED
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
