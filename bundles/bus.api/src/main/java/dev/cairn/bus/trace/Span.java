package dev.cairn.bus.trace;

/**
 * One hop of a traced call, as the node it ran on saw it.
 *
 * @param traceId      32 lower-case hex digits, the same on every hop of one call
 * @param spanId       16 lower-case hex digits
 * @param parentId     the span this one is a child of, or null for the first hop
 * @param kind         what the hop was
 * @param topic        the bus topic
 * @param caller       the symbolic name of the bundle that published or asked, or null when it is not known
 *                     (an event or request from outside the bus's view)
 * @param callee       the bundle that received or served, or null (a publish, a request no handler took)
 * @param node         the node the hop ran on
 * @param remote       true when the hop crossed nodes: a request answered by another node, or a delivery or
 *                     serve of a message that came from another node; a publish is never remote (its
 *                     deliveries tell where it went), so a monolith's spans are all local
 * @param startMicros  when it began, microseconds since the epoch
 * @param durationNanos how long it took: for a request, until its reply or failure
 * @param outcome      {@code OK}, or the {@link dev.cairn.bus.api.BusException.Reason} name it failed with
 */
public record Span(String traceId, String spanId, String parentId, Kind kind, String topic, String caller, String callee,
                   String node, boolean remote, long startMicros, long durationNanos, String outcome) {

    public static final String OK = "OK";

    public enum Kind {
        /** A bundle published an event. */
        PUBLISH,
        /** A subscriber received an event. */
        DELIVER,
        /** A bundle asked; lasts until the reply. */
        REQUEST,
        /** A handler served a request. */
        SERVE
    }
}
