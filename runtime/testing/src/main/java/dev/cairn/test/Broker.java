package dev.cairn.test;

/** The broker a placement's nodes and the test's {@link CairnBus} meet at, always on a free loopback port. */
public enum Broker {
    /** Mosquitto when it is installed (it starts in milliseconds), else {@link #EMBEDDED}. */
    AUTO,
    /** A Mosquitto process of the test's own ({@code mosquitto} on the PATH, or /usr/sbin/mosquitto). */
    MOSQUITTO,
    /** The broker built into Cairn, run by the first node (nothing to install; about a second more to start). */
    EMBEDDED
}
