package dev.cairn.bus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breakers configured on this node, and which one guards a caller's request to a topic: the most
 * specific that covers it (a named caller over *, a topic over a filter, the longer filter), or none. With no
 * breaker configured a request pays one volatile read; otherwise one map lookup per caller and topic.
 */
final class Breakers {
    private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);
    /** Decisions remembered per caller; beyond this many distinct topics they are made again. */
    static final int MAX_TOPICS = 1024;

    /** Every breaker, closest first, and a generation that moves on at each change (callers' caches then start over). */
    private record Configured(Breaker[] all, long generation) {
    }

    private volatile Configured configured = new Configured(new Breaker[0], 0);

    synchronized void add(Breaker breaker) {
        List<Breaker> all = new ArrayList<>(Arrays.asList(configured.all));
        for (Breaker b : all) {
            if (b.spec().name().equals(breaker.spec().name())) {
                LOG.warn("two circuit breakers are named '{}': {} and {}; name one of them with 'name'", b.spec().name(),
                        b.spec().describe(), breaker.spec().describe());
            }
        }
        all.add(breaker);
        all.sort(Comparator.comparingInt((Breaker b) -> b.spec().specificity()).reversed().thenComparing(b -> b.spec().name()));   // closest first
        configured = new Configured(all.toArray(new Breaker[0]), configured.generation + 1);
        LOG.info("circuit breaker {} guards requests: opens after {}, for {} ms", breaker.spec().describe(),
                breaker.spec().threshold(), breaker.spec().open().toMillis());
    }

    synchronized void remove(Breaker breaker) {
        List<Breaker> all = new ArrayList<>(Arrays.asList(configured.all));
        if (all.remove(breaker)) configured = new Configured(all.toArray(new Breaker[0]), configured.generation + 1);
    }

    List<Breaker> all() {
        return List.of(configured.all);
    }

    /** The breakers as one calling bundle meets them. */
    Caller caller(String bundle) {
        return new Caller(bundle);
    }

    final class Caller {
        private static final Breaker NONE = null;
        private final String bundle;
        private volatile Cache cache = new Cache(-1, new ConcurrentHashMap<>());

        private record Cache(long generation, ConcurrentHashMap<String, Object> byTopic) {
        }

        private Caller(String bundle) {
            this.bundle = bundle;
        }

        /** The breaker that guards this caller's requests to {@code topic}, or null. */
        Breaker of(String topic) {
            Configured now = configured;
            if (now.all.length == 0) return NONE;
            Cache c = cache;
            if (c.generation != now.generation) {
                c = new Cache(now.generation, new ConcurrentHashMap<>());
                cache = c;
            }
            Object known = c.byTopic.get(topic);
            if (known == null) {
                known = Boolean.FALSE;
                for (Breaker b : now.all) {
                    if (b.spec().covers(bundle, topic)) {
                        known = b;
                        break;
                    }
                }
                if (c.byTopic.size() >= MAX_TOPICS) c.byTopic.clear();
                c.byTopic.put(topic, known);
            }
            return known instanceof Breaker b ? b : NONE;
        }
    }
}
