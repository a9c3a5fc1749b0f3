package dev.cairn.bus.api;

/**
 * Where a handler or a direct subscriber runs when the message comes from another node. In one JVM it
 * always runs in the requester's or publisher's thread, a plain method call; across nodes the transport
 * receives the message on its own thread, which also receives every other message and reply of the node.
 */
public enum Handling {
    /**
     * On one of the transport's request threads (handlers) or its events thread (subscribers): it may
     * block — read a file, wait for a lock, ask another node and wait for its reply. The default.
     */
    MAY_BLOCK,
    /**
     * On the transport's receiving thread, as a bare MQTT client answers from its callback: no thread
     * hand-off, the shortest way. It must return quickly and never wait — not for I/O, not for a lock,
     * not for a reply (waiting there for a reply over the bus fails at once, since that thread is the one
     * that would receive it). One that runs long is logged.
     */
    NON_BLOCKING;

    /** {@code "non-blocking"}, {@code "NON_BLOCKING"} and the like, as the whiteboard property takes it. */
    public static Handling of(String text) {
        String name = text.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("handling must be may-block or non-blocking, not '" + text + "'", e);
        }
    }
}
