package dev.cairn.bus.spi;

/** A payload from another node, decoded into whichever type a receiver asks for. */
@FunctionalInterface
public interface Inbound {

    /** Decodes the payload; throws {@code BusException(MALFORMED_PAYLOAD)} when it does not fit {@code type}. */
    <T> T as(Class<T> type);

    /** Its sender and trace context, as far as the message carried them; null when it carried none. */
    default Call call() {
        return null;
    }
}
