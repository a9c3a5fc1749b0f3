package dev.cairn.bus.trace;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The spans this node recorded lately: the last traces, bounded, kept in memory. */
@ProviderType
public interface Traces {

    /** Whether this node records spans now (configuration {@code dev.cairn.bus.trace}, {@code enabled}). */
    boolean enabled();

    /** This node's spans of one trace, oldest first; empty when it kept none. */
    List<Span> trace(String traceId);

    /** The first span this node kept of each of its last {@code limit} traces, newest first. */
    List<Span> recent(int limit);
}
