package dev.cairn.mqtt;

/**
 * The thread on which this node's messages arrive: Paho's callback thread of the live connection (a new
 * one after each reconnect). Only that thread ever sets itself here, on each message.
 */
final class ReceivingThread {
    private volatile Thread thread;

    /** Called by each arriving message; a volatile write only when the connection's thread changed. */
    void arrived() {
        Thread t = Thread.currentThread();
        if (thread != t) thread = t;
    }

    boolean isCurrent() {
        return thread == Thread.currentThread();
    }
}
