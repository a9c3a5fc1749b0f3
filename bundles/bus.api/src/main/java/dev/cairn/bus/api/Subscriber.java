package dev.cairn.bus.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the events of a subscription; {@code topic} is the concrete topic, whatever the filter was. */
@ConsumerType
@FunctionalInterface
public interface Subscriber<T> {
    void receive(String topic, T payload);
}
