/**
 * The bus: the one way Cairn services talk, whether they share a JVM or not.
 *
 * <h2>Topics</h2>
 * A topic is a non-empty string of levels separated by {@code /} ({@code orders/new},
 * {@code sensors/greenhouse-1}); levels are not empty and hold no {@code +}, {@code #} or NUL. A
 * subscription filter may use MQTT wildcards: {@code +} for one whole level, {@code #} as the last level
 * for any number of levels, including none ({@code sensors/#} matches {@code sensors}).
 *
 * <h2>Payloads</h2>
 * Immutable DTOs, preferably records of strings, numbers, booleans, enums, lists and maps of those and of
 * other such records. In one JVM the very object published is handed to every subscriber: never mutate
 * a payload after publishing it. Across nodes a payload travels as JSON and is decoded into the type
 * the receiver subscribed with.
 *
 * <h2>Delivery guarantees</h2>
 * <ul>
 * <li><b>In one JVM</b>, {@link dev.cairn.bus.api.Bus#publish publish} calls each matching subscriber
 *     in the publisher's thread, in subscription order, before it returns: at most once, in order, no
 *     copy and no thread hop. A subscriber that asked for its own executor
 *     ({@link dev.cairn.bus.api.SubscribeOptions}) gets messages through a bounded queue instead, in
 *     publish order; when its queue is full its {@link dev.cairn.bus.api.Overflow} policy decides, and
 *     each message dropped is counted.</li>
 * <li>A subscriber or handler that throws never reaches the publisher or other subscribers: the
 *     exception is caught, counted as {@code failed} for the topic and logged once per subscriber.</li>
 * <li>A payload whose type is not the type a subscriber asked for is not delivered to it and is
 *     counted as {@code dropped}.</li>
 * <li><b>Across nodes</b> (when a transport is installed) events are delivered at least once over the
 *     network and exactly once to handlers: duplicates from redelivery are dropped by message id. Events
 *     published while the broker is unreachable are kept and sent in order once it is back, within
 *     the transport's configured bounds. A direct subscriber gets them on the transport's events thread
 *     (one, so it sees them in order), where it may block; one subscribed with
 *     {@link dev.cairn.bus.api.SubscribeOptions#NON_BLOCKING} gets them on the thread that received them,
 *     also in order, and must not wait.</li>
 * <li>{@link dev.cairn.bus.api.Bus#request request} is served by a handler in this JVM when there is
 *     one, called directly; otherwise by one of the handlers of that topic on other nodes, which share
 *     the load. The returned stage completes with the reply, or exceptionally with a
 *     {@link dev.cairn.bus.api.BusException} saying why: no handler, time-out, the handler's failure,
 *     an open circuit breaker of the caller's node, the handler's rate limit.
 *     A request from another node runs its handler on a transport thread where it may block, or — for
 *     a handler declared {@link dev.cairn.bus.api.Handling#NON_BLOCKING} — on the thread that received
 *     it.</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package dev.cairn.bus.api;
