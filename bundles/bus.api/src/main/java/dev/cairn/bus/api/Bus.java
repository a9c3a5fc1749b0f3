package dev.cairn.bus.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/** Publish, subscribe, request and serve — the same calls for a monolith and for microservices. */
@ProviderType
public interface Bus {

    /** Sends an event to every subscriber of {@code topic}, in this JVM and on other nodes. */
    void publish(String topic, Object payload);

    /** Subscribes {@code subscriber} to every topic {@code filter} matches, called in the publisher's thread. */
    default <T> Subscription subscribe(String filter, Class<T> type, Subscriber<? super T> subscriber) {
        return subscribe(filter, type, subscriber, SubscribeOptions.DIRECT);
    }

    /** Subscribes with options: an executor of its own, a bounded queue, an overflow policy. */
    <T> Subscription subscribe(String filter, Class<T> type, Subscriber<? super T> subscriber, SubscribeOptions options);

    /**
     * Asks the handler of {@code topic} — in this JVM if there is one, else on another node — and
     * completes with its reply, or exceptionally with a {@link BusException}.
     */
    <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout);

    /**
     * Serves requests to {@code topic} (no wildcards) with {@code handler} until the subscription is
     * closed; requests from other nodes run on a transport thread where the handler may block.
     */
    default <Q, R> Subscription handle(String topic, Class<Q> requestType, Function<? super Q, ? extends R> handler) {
        return handle(topic, requestType, handler, Handling.MAY_BLOCK);
    }

    /** Serves requests to {@code topic}, saying how requests from other nodes may run: see {@link Handling}. */
    <Q, R> Subscription handle(String topic, Class<Q> requestType, Function<? super Q, ? extends R> handler, Handling handling);

    /** The counters of every topic that has seen traffic. */
    Map<String, TopicStats> stats();
}
