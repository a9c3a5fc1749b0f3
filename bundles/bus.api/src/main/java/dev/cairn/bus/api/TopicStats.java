package dev.cairn.bus.api;

/**
 * Counters of one topic since the bus started: messages published to it (here, or arrived from other
 * nodes), deliveries to subscribers and handlers, messages dropped (full queues, wrong type, malformed
 * input) and deliveries whose subscriber or handler threw.
 */
public record TopicStats(long published, long delivered, long dropped, long failed) {
}
