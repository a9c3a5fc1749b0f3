package dev.cairn.bus.spi;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.osgi.annotation.versioning.ProviderType;

/** The bus's side of a {@link Transport}: where traffic from other nodes enters. */
@ProviderType
public interface Receiver {

    /**
     * An event from another node, for this node's subscribers of {@code topic}: those declared
     * non-blocking are called in the calling thread, the others through {@code others} (one thread, so
     * they see events in order; it may hold the caller when it has no room).
     */
    void event(String topic, Inbound payload, Executor others);

    /**
     * A request from another node; completes with the reply object (the transport encodes it) or
     * exceptionally. A handler declared {@link dev.cairn.bus.api.Handling#NON_BLOCKING} runs in the
     * calling thread, any other on {@code blocking}, whose {@code RejectedExecutionException} (every
     * thread busy) is thrown from here.
     */
    CompletionStage<Object> request(String topic, Inbound payload, Executor blocking);

    /** A message from another node that could not be used (malformed, too large): counted as dropped. */
    void dropped(String topic, String reason);
}
