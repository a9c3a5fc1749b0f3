package dev.cairn.bus;

import dev.cairn.bus.access.Grants;
import dev.cairn.bus.access.Grants.Action;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one bundle may do on the bus: its {@link Grants}, checked at every call. A publish to a topic seen
 * before costs a reference comparison (the same topic as last time) or one map lookup; the grants themselves
 * are matched once per distinct topic.
 */
final class Gate {
    /** Decisions remembered per action; beyond this many distinct topics they are matched again. */
    static final int MAX_DECISIONS = 1024;

    /** Everything allowed: the bus's own use, and callers that are not bundles (unit tests). */
    static final Gate OPEN = new Gate("(the platform)", null, null, null);

    private final String bundle;
    private final Grants grants;
    private final String malformed;
    private final Refusals refusals;
    @SuppressWarnings("unchecked")
    private final ConcurrentHashMap<String, Boolean>[] decisions = new ConcurrentHashMap[Action.values().length];
    // The last topic published and called that was allowed: services mostly use a few constant topics. Racy by
    // design: a String is immutable, so a stale or torn read can only miss the shortcut.
    private String lastPublished;
    private String lastCalled;

    /** {@code malformed}: why the bundle's grants could not be read (then it may do nothing). */
    Gate(String bundle, Grants grants, String malformed, Refusals refusals) {
        this.bundle = bundle;
        this.grants = grants;
        this.malformed = malformed;
        this.refusals = refusals;
        for (int i = 0; i < decisions.length; i++) decisions[i] = new ConcurrentHashMap<>();
    }

    String bundle() {
        return bundle;
    }

    void publish(String topic) {
        if (topic == lastPublished || grants == null && malformed == null) return;
        if (check(Action.PUBLISH, topic)) lastPublished = topic;
    }

    /** Null when {@code topic} may be called, else the refusal (a request fails through its stage, not by throwing). */
    BusException call(String topic) {
        if (topic == lastCalled || grants == null && malformed == null) return null;
        try {
            if (check(Action.CALL, topic)) lastCalled = topic;
        } catch (BusException refused) {
            return refused;
        }
        return null;
    }

    /**
     * Throws {@code NOT_GRANTED} unless {@code topic} is granted for {@code action}; true when it is, false when it is
     * not but grants are not enforced (then every such call is counted, so it must not take the shortcut).
     */
    boolean check(Action action, String topic) {
        if (grants == null && malformed == null) return true;
        ConcurrentHashMap<String, Boolean> known = decisions[action.ordinal()];
        Boolean allowed = known.get(topic);
        if (allowed == null) {
            allowed = malformed == null && grants.permits(action, topic);
            if (known.size() >= MAX_DECISIONS) known.clear();
            known.put(topic, allowed);
        }
        if (!allowed) {
            String why = malformed != null ? "its grants cannot be read: " + malformed
                    : "not within its @BusGrants (" + grants + ")";
            String message = "bundle " + bundle + " may not " + action.verb() + " '" + topic + "': " + why;
            if (refusals != null && !refusals.refused(bundle, action, topic, message)) return false;   // only reported
            throw new BusException(Reason.NOT_GRANTED, message);
        }
        return true;
    }
}
