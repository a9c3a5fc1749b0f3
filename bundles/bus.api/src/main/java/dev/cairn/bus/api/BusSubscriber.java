package dev.cairn.bus.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard form of {@link Bus#subscribe}: register a service of this type with the property
 * {@value #TOPIC} (one filter, or several as a String array) and the bus subscribes it for as long as
 * the service is registered ({@value #HANDLING}{@code = non-blocking}: see {@link SubscribeOptions#NON_BLOCKING}).
 * A DS component is the usual way:
 * <pre>{@code
 * @Component(property = BusSubscriber.TOPIC + "=orders/new")
 * public final class Audit implements BusSubscriber<Order> {
 *     public Class<Order> type() { return Order.class; }
 *     public void receive(String topic, Order order) { ... }
 * }
 * }</pre>
 */
@ConsumerType
public interface BusSubscriber<T> extends Subscriber<T> {
    String TOPIC = "cairn.bus.topic";
    /** Optional: {@code non-blocking} (events from other nodes arrive on the receiving thread) or {@code may-block}, the default. */
    String HANDLING = "cairn.bus.handling";

    /** The payload type this subscriber receives; payloads from other nodes are decoded into it. */
    Class<T> type();
}
