package dev.cairn.bus.spi;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Carries bus traffic to and from other nodes. The bus binds at most one transport, calls
 * {@link #open} with the receiver for inbound traffic, then tells it which topics this node listens to
 * and serves. Every method may be called from any thread and must not block on the network.
 */
@ConsumerType
public interface Transport {

    /** Inbound events and requests go to {@code receiver} from now on. */
    void open(Receiver receiver);

    /** Stops inbound delivery; outbound calls after this fail with {@code BusException(CLOSED)}. */
    void close();

    /** Sends an event to other nodes; never delivers it back to this node. */
    void publish(String topic, Object payload);

    /** Sends an event with its sender and trace context; a transport that cannot carry them just sends it. */
    default void publish(String topic, Object payload, Call call) {
        publish(topic, payload);
    }

    /** Asks a handler of {@code topic} on another node. */
    <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout);

    /**
     * Asks with the caller and trace context; before the stage completes with the reply, the transport records
     * in {@code call} the bundle that served it, if the reply says. A transport that cannot carry them just asks.
     */
    default <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout, Call call) {
        return request(topic, payload, replyType, timeout);
    }

    /** This node has (or no longer has) local subscribers for {@code filter}: events of other nodes matching it are wanted. */
    void listen(String filter, boolean on);

    /** This node serves (or no longer serves) requests to {@code topic}: take a share of them. */
    void serve(String topic, boolean on);
}
