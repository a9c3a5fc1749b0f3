package dev.cairn.mqtt;

/**
 * What a full outbox does with a new event. There is no "block": room appears only when the broker
 * acknowledges, so blocking would make a publisher wait on the network.
 */
enum OutboxFull {
    /** The oldest waiting event is dropped for the new one: receivers get the freshest data (sensors). */
    DROP_OLDEST,
    /** The new event is dropped: receivers get an unbroken prefix of what was published. */
    DROP_NEWEST
}
