package dev.cairn.mqtt;

/** Why a message was not passed on; each has its own counter. */
enum Drop {
    /** An event did not fit the outbox ({@code outbox.full} decides which one goes), or the disk refused it. */
    OUTBOX_FULL,
    /** An outbox record that could not be read back from the disk. */
    UNREADABLE,
    /** A payload over {@code payload.max.bytes}, outbound or inbound. */
    OVERSIZE,
    /** An inbound payload that is not JSON, or a request without a usable reply topic. */
    MALFORMED,
    /** A redelivery of a message already passed on. */
    DUPLICATE,
    /** One of this node's own events, come back although subscribed with No Local (Mosquitto #2871). */
    ECHO,
    /** Inbound traffic while the bus is not open. */
    CLOSED,
    /** An event the broker refused for good (invalid topic, quota, ...), other than for lack of rights. */
    REJECTED,
    /** A message or subscription the broker refused because this node's grants there do not allow it (0x87). */
    NOT_AUTHORIZED,
    /** A QoS 0 event or a reply that found no connection. */
    OFFLINE,
    /** A reply that came after its request had timed out, or was never ours. */
    LATE_REPLY,
    /** A request that found every request thread busy and the queue full. */
    BUSY
}
