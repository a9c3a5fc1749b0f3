package dev.cairn.bus;

import dev.cairn.bus.access.Grants.Action;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bus refused, per bundle: counted by action, the last refusal kept for {@code cairn status}, and each
 * cause (bundle, action, topic) logged once. While grants are not enforced, refusals are only counted and logged.
 */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    /** Causes remembered as logged; past this, refusals are still counted but no longer logged. */
    static final int MAX_LOGGED = 1000;

    record Count(String bundle, Action action, long count) {
    }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, String> lastByBundle = new ConcurrentHashMap<>();
    private final Map<String, Boolean> logged = new ConcurrentHashMap<>();
    private volatile boolean enforced = true;

    void enforce(boolean on) {
        enforced = on;
    }

    boolean enforced() {
        return enforced;
    }

    /** Records a refusal; true when it stands (grants enforced), false when it is only reported. */
    boolean refused(String bundle, Action action, String topic, String message) {
        counts.computeIfAbsent(bundle + '\0' + action.name(), k -> new LongAdder()).increment();
        lastByBundle.put(bundle, message);
        boolean stands = enforced;
        String cause = bundle + '\0' + action + '\0' + topic;
        if (logged.size() < MAX_LOGGED && logged.putIfAbsent(cause, Boolean.TRUE) == null) {
            if (stands) LOG.warn("refused: {}", message);
            else LOG.warn("not enforced, let through: {}", message);
            if (logged.size() == MAX_LOGGED) LOG.warn("{} distinct refusals logged: further ones are only counted", MAX_LOGGED);
        }
        return stands;
    }

    /** The last refusal of {@code bundle} and how many there were, or null. */
    String problem(String bundle) {
        String last = lastByBundle.get(bundle);
        if (last == null) return null;
        long total = 0;
        for (Action a : Action.values()) {
            LongAdder n = counts.get(bundle + '\0' + a.name());
            if (n != null) total += n.sum();
        }
        return (enforced ? "the bus refused " : "the bus would refuse (grants not enforced) ") + total
                + (total == 1 ? " call" : " calls") + ", the last: " + last;
    }

    Iterable<Count> counts() {
        Map<String, Count> out = new TreeMap<>();
        counts.forEach((key, n) -> {
            int sep = key.indexOf('\0');
            out.put(key, new Count(key.substring(0, sep), Action.valueOf(key.substring(sep + 1)), n.sum()));
        });
        return out.values();
    }
}
