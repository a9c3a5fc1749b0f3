package dev.cairn.bus.api;

/** What happens when a subscriber with a queue of its own falls behind and its queue is full. */
public enum Overflow {
    /** The oldest queued message is dropped for the new one: the subscriber sees the freshest data (sensors). */
    DROP_OLDEST,
    /** The new message is dropped: the subscriber sees an unbroken prefix of the stream. */
    DROP_NEWEST,
    /** The publisher waits for room: nothing is lost, and a slow subscriber slows every publisher of its topics. */
    BLOCK
}
