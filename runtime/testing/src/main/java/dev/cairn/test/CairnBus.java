package dev.cairn.test;

import java.time.Duration;
import java.util.List;

/**
 * The test's handle on the bus of a placement's nodes. It is a client of the nodes' broker, like another node: what
 * it publishes and asks travels as JSON in every placement, so its own payloads must survive a JSON round trip
 * (checked here). Calls between the bundles do not go through it: in MONOLITH they stay in the node's JVM.
 */
public interface CairnBus {
    /** The placement this invocation of the test runs in. */
    Placement placement();

    /** The placement's nodes. */
    List<CairnNode> nodes();

    /** The node named {@code name}; fails naming the nodes there are. */
    CairnNode node(String name);

    /** The placement's broker, {@code tcp://127.0.0.1:<port>}: for cairnctl (CAIRN_BROKER) or a client of the test's own. */
    String brokerUrl();

    /** Publishes an event, as a bundle's {@code Bus.publish} does; returns once the broker has it. */
    void publish(String topic, Object payload);

    /** Subscribes ({@code +} and {@code #} allowed); returns once the broker has the subscription. */
    <T> Received<T> subscribe(String filter, Class<T> type);

    /** Asks the handler of {@code topic} on whichever node serves it, within 10 s. */
    default <R> R request(String topic, Object payload, Class<R> replyType) {
        return request(topic, payload, replyType, Duration.ofSeconds(10));
    }

    /**
     * Asks the handler of {@code topic} and returns its reply; throws {@code dev.cairn.bus.api.BusException} with the
     * reason a node gives (NO_HANDLER, TIMEOUT, HANDLER_FAILED, MALFORMED_PAYLOAD, ...).
     */
    <R> R request(String topic, Object payload, Class<R> replyType, Duration timeout);

    /** {@link CairnNode#configure} on every node (a node ignores configurations of bundles it does not run). */
    default void configure(String pid, String... properties) {
        nodes().forEach(n -> n.configure(pid, properties));
    }
}
