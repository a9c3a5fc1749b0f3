package dev.cairn.bus.spi;

/**
 * What a message carries beside its payload when it crosses nodes: who sent it and its trace context. For an
 * outbound request the transport also records here who answered, from the reply; for an inbound one the bus
 * records here who served it, for the transport to put on the reply.
 */
public final class Call {
    private final String caller;
    private final String traceparent;
    private volatile String callee;

    /**
     * @param caller      the sending bundle's symbolic name, or null
     * @param traceparent a W3C {@code traceparent} value, or null when the call is not traced
     */
    public Call(String caller, String traceparent) {
        this.caller = caller;
        this.traceparent = traceparent;
    }

    public String caller() {
        return caller;
    }

    public String traceparent() {
        return traceparent;
    }

    /** The bundle that served the request, or null when not known (yet). */
    public String callee() {
        return callee;
    }

    public void servedBy(String bundle) {
        this.callee = bundle;
    }
}
