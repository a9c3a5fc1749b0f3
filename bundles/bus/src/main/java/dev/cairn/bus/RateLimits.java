package dev.cairn.bus;

import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.api.BusHandler;
import dev.cairn.bus.api.Subscription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate limits on the requests this node's handlers take, by topic, for requests from this JVM and from other
 * nodes alike. A handler declares its own ({@link BusHandler#RATE}); each handler's limit adds its capacity, so a
 * request is let through while any of them has a permit. A configuration ({@code dev.cairn.bus.ratelimit}) is the
 * operator's word: while one exists for a topic, it alone is in force. With no limit at all a request pays one
 * volatile read.
 */
final class RateLimits {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    /** {@code inForce}: the first configured limit if there is one, else every declared one; made once, not per request. */
    private record Limits(RateLimit[] configured, RateLimit[] declared, RateLimit[] inForce) {
        static Limits of(RateLimit[] configured, RateLimit[] declared) {
            return new Limits(configured, declared, configured.length > 0 ? new RateLimit[] {configured[0]} : declared);
        }
    }

    private volatile Map<String, Limits> byTopic = Map.of();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

    /** Null when a request to {@code topic} may be served now, else the refusal (counted). */
    BusException admit(String topic) {
        Map<String, Limits> all = byTopic;
        if (all.isEmpty()) return null;
        Limits limits = all.get(topic);
        if (limits == null) return null;
        RateLimit[] inForce = limits.inForce();
        for (RateLimit l : inForce) {
            if (l.admit()) return null;
        }
        refused.computeIfAbsent(topic, t -> new LongAdder()).increment();
        return new BusException(Reason.RATE_LIMITED, "'" + topic + "' takes at most " + describe(inForce) + ": this request is over it"
                + " and was not served; ask again later");
    }

    /**
     * The limit a whiteboard handler declares in its service properties, or null when it declares none; throws
     * naming the property when the value is not a rate.
     */
    static RateLimit declared(String topic, Map<String, Object> properties, String by) {
        Object rate = properties.get(BusHandler.RATE);
        Object burst = properties.get(BusHandler.RATE_BURST);
        if (rate == null) {
            if (burst != null) throw new IllegalArgumentException(BusHandler.RATE_BURST + " is set but " + BusHandler.RATE + " is not");
            return null;
        }
        try {
            return new RateLimit(topic, RateSpec.parse(String.valueOf(rate), burst), by);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BusHandler.RATE + "=" + rate + (burst == null ? "" : ", " + BusHandler.RATE_BURST + "=" + burst)
                    + ": " + e.getMessage(), e);
        }
    }

    /** A handler's own limit, for as long as the subscription is open. */
    Subscription declare(RateLimit limit) {
        return add(limit, false);
    }

    /** A configured limit, in force over the handlers' own while it lasts. */
    Subscription configure(RateLimit limit) {
        return add(limit, true);
    }

    private synchronized Subscription add(RateLimit limit, boolean configured) {
        Limits was = byTopic.getOrDefault(limit.topic(), Limits.of(new RateLimit[0], new RateLimit[0]));
        Limits now = configured ? Limits.of(plus(was.configured, limit), was.declared) : Limits.of(was.configured, plus(was.declared, limit));
        if (configured && was.configured.length > 0) {
            LOG.warn("'{}' has two configured rate limits: {} stays in force, {} is not", limit.topic(), was.configured[0], limit);
        }
        put(limit.topic(), now);
        LOG.info("rate limit: {}{}", limit, !configured && now.configured.length > 0 ? " (the configured " + now.configured[0] + " is in force)" : "");
        return LocalBus.once(() -> remove(limit, configured));
    }

    private synchronized void remove(RateLimit limit, boolean configured) {
        Limits was = byTopic.get(limit.topic());
        if (was == null) return;
        Limits now = configured ? Limits.of(minus(was.configured, limit), was.declared) : Limits.of(was.configured, minus(was.declared, limit));
        put(limit.topic(), now.configured.length == 0 && now.declared.length == 0 ? null : now);
    }

    private void put(String topic, Limits limits) {
        Map<String, Limits> next = new HashMap<>(byTopic);
        if (limits == null) next.remove(topic);
        else next.put(topic, limits);
        byTopic = Map.copyOf(next);
    }

    /** Requests refused so far, by topic (kept after a limit goes, so the counters never go back). */
    Map<String, Long> refusedByTopic() {
        Map<String, Long> out = new TreeMap<>();
        refused.forEach((topic, n) -> out.put(topic, n.sum()));
        return out;
    }

    /** The limits in force, by topic. */
    Map<String, List<RateLimit>> inForce() {
        Map<String, List<RateLimit>> out = new TreeMap<>();
        byTopic.forEach((topic, l) -> out.put(topic, List.of(l.inForce())));
        return out;
    }

    private static String describe(RateLimit[] limits) {
        if (limits.length == 1) return limits[0].spec() + " (" + limits[0].declaredBy() + ")";
        List<String> each = new ArrayList<>();
        for (RateLimit l : limits) each.add(l.spec() + " (" + l.declaredBy() + ")");
        return String.join(" + ", each);
    }

    private static RateLimit[] plus(RateLimit[] a, RateLimit l) {
        RateLimit[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = l;
        return out;
    }

    private static RateLimit[] minus(RateLimit[] a, RateLimit l) {
        List<RateLimit> out = new ArrayList<>(Arrays.asList(a));
        out.remove(l);
        return out.toArray(new RateLimit[0]);
    }
}
