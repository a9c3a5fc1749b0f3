package dev.cairn.bus.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard form of {@link Bus#handle}: register a service of this type with the property
 * {@value #TOPIC} (one topic, no wildcards) and the bus routes requests of that topic to it;
 * {@value #HANDLING}{@code = non-blocking} lets requests from other nodes skip a thread hand-off.
 */
@ConsumerType
public interface BusHandler<Q, R> {
    String TOPIC = "cairn.bus.topic";
    /** Optional: {@code non-blocking} or {@code may-block} (the default), see {@link Handling}. */
    String HANDLING = BusSubscriber.HANDLING;

    /** The request type; requests from other nodes are decoded into it. */
    Class<Q> type();

    R handle(Q request);
}
