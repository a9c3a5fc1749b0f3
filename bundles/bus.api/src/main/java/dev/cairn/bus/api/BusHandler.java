package dev.cairn.bus.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard form of {@link Bus#handle}: register a service of this type with the property
 * {@value #TOPIC} (one topic, no wildcards) and the bus routes requests of that topic to it;
 * {@value #HANDLING}{@code = non-blocking} lets requests from other nodes skip a thread hand-off;
 * {@value #RATE}{@code = 100/s} limits how many requests it takes.
 */
@ConsumerType
public interface BusHandler<Q, R> {
    String TOPIC = "cairn.bus.topic";
    /** Optional: {@code non-blocking} or {@code may-block} (the default), see {@link Handling}. */
    String HANDLING = BusSubscriber.HANDLING;
    /**
     * Optional: the most requests this handler takes, {@code 100/s}, {@code 600/min} or {@code 10/h}, from this
     * JVM and other nodes alike; what is over it fails at once with {@link BusException.Reason#RATE_LIMITED}.
     * Since 1.3.
     */
    String RATE = "cairn.bus.rate";
    /** Optional, with {@link #RATE}: how many requests may come at once (default: the count of the rate). Since 1.3. */
    String RATE_BURST = "cairn.bus.rate.burst";

    /** The request type; requests from other nodes are decoded into it. */
    Class<Q> type();

    R handle(Q request);
}
