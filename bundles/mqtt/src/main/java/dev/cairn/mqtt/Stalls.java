package dev.cairn.mqtt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handlers and subscribers that held Paho's receiving thread too long: while a non-blocking one runs, no
 * message, reply or acknowledgement of the node is read. Each topic is logged once, with what to do.
 */
final class Stalls {
    static final long LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Logger LOG = LoggerFactory.getLogger(Stalls.class);

    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** True (and logged the first time) when serving {@code topic} took longer than {@link #LIMIT_NANOS}. */
    boolean check(String topic, long nanos) {
        if (nanos <= LIMIT_NANOS) return false;
        if (logged.add(topic)) {
            LOG.warn("delivering '{}' held the MQTT receiving thread for {} ms, and every message of this node waited: a handler or"
                    + " subscriber declared non-blocking that blocks (drop the declaration), or a full events queue behind a slow"
                    + " subscriber (give it an executor of its own) (logged once per topic)", topic, TimeUnit.NANOSECONDS.toMillis(nanos));
        }
        return true;
    }
}
