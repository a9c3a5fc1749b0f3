package dev.cairn.mqtt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a dropped message and logs it — at warn the first time a reason meets a topic, at debug after
 * that, so a stream of bad messages is one line in the log and a number in the counters.
 */
final class Drops {
    private static final Logger LOG = LoggerFactory.getLogger(Drops.class);
    private static final int REMEMBERED = 1000;

    private final String node;
    private final Counters counters;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    Drops(String node, Counters counters) {
        this.node = node;
        this.counters = counters;
    }

    void drop(Drop reason, String topic, String detail) {
        counters.drop(reason);
        if (reason == Drop.NOT_AUTHORIZED) counters.lastNotAuthorized = "'" + topic + "': " + detail;
        if (logged.size() < REMEMBERED && logged.add(reason + " " + topic)) {
            LOG.warn("{}: dropped a message on '{}' ({}): {} (logged once per topic; counted)", node, topic, reason, detail);
        } else {
            LOG.debug("{}: dropped a message on '{}' ({}): {}", node, topic, reason, detail);
        }
    }
}
