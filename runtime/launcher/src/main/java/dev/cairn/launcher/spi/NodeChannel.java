package dev.cairn.launcher.spi;

/**
 * Publishes on this node's own MQTT topics, {@code <fleet>/node/<node>/<suffix>}, which at the broker only this
 * node may write and only operators may read (the fleet's ACL). Registered by the MQTT transport while it runs.
 * QoS 0, not retained, never queued: what finds no connection is not sent. Never blocks on the network.
 */
public interface NodeChannel {

    /**
     * Sends {@code payload} on {@code <fleet>/node/<node>/<suffix>}; false when it was not handed to the
     * connection (none now). {@code suffix} is one or more topic levels without wildcards, not {@code status}.
     */
    boolean publish(String suffix, byte[] payload);
}
