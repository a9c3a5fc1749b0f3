package dev.cairn.bus.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.resource.Capability;

/**
 * What a bundle, or a whole node, may do on the bus: per {@link Action}, a list of MQTT topic filters over bus
 * topics. Read from the {@code cairn.bus.grants} capabilities {@code @BusGrants} puts in a bundle's manifest;
 * anything not granted is refused.
 */
public final class Grants {
    /** The capability namespace of grants (as {@code BusGrants.NAMESPACE}). */
    public static final String NAMESPACE = "cairn.bus.grants";

    /** What may be done on a topic; its name in lower case is the capability's attribute. */
    public enum Action {
        PUBLISH("publish"),
        SUBSCRIBE("subscribe to"),
        SERVE("serve"),
        CALL("call");

        private final String verb;

        Action(String verb) {
            this.verb = verb;
        }

        /** {@code publish}, {@code subscribe}, {@code serve}, {@code call}. */
        public String attribute() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "publish", "subscribe to", "serve", "call": for messages. */
        public String verb() {
            return verb;
        }
    }

    public static final Grants NONE = new Grants(new EnumMap<>(Action.class));

    private final Map<Action, List<String>> filters;

    private Grants(Map<Action, List<String>> filters) {
        this.filters = filters;
    }

    /**
     * The grants of one {@code cairn.bus.grants} capability, from its attributes as the framework gives them
     * (each a {@code List<String>} or a {@code String}). A malformed filter is an {@link IllegalArgumentException}
     * naming the attribute and the filter.
     */
    public static Grants fromAttributes(Map<String, ?> attributes) {
        Map<Action, List<String>> map = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            Object value = attributes.get(a.attribute());
            if (value == null) continue;
            List<String> list = new ArrayList<>();
            for (Object item : value instanceof List<?> l ? l : List.of(value)) {
                for (String f : String.valueOf(item).split(",")) {
                    String filter = f.trim();
                    if (filter.isEmpty()) continue;
                    String problem = TopicFilters.problem(filter);
                    if (problem != null) throw new IllegalArgumentException(a.attribute() + ": '" + filter + "' is not a topic filter: " + problem);
                    list.add(filter);
                }
            }
            if (!list.isEmpty()) map.put(a, List.copyOf(list));
        }
        return map.isEmpty() ? NONE : new Grants(map);
    }

    /** The union of the {@code cairn.bus.grants} capabilities among {@code capabilities}, e.g. a bundle revision's declared ones. */
    public static Grants fromCapabilities(Iterable<? extends Capability> capabilities) {
        Grants all = NONE;
        for (Capability c : capabilities) {
            if (NAMESPACE.equals(c.getNamespace())) all = all.union(fromAttributes(c.getAttributes()));
        }
        return all;
    }

    /** The union of every {@code cairn.bus.grants} capability in a manifest's {@code Provide-Capability} header (may be null). */
    public static Grants fromManifest(String provideCapability) {
        Grants all = NONE;
        for (Map<String, Object> attributes : CapabilityHeader.parse(provideCapability, NAMESPACE)) all = all.union(fromAttributes(attributes));
        return all;
    }

    /** Grants from lists, e.g. a configuration's; the same checks as {@link #fromAttributes}. */
    public static Grants of(Map<Action, ? extends List<String>> lists) {
        Map<String, Object> attributes = new HashMap<>();
        lists.forEach((a, l) -> attributes.put(a.attribute(), l));
        return fromAttributes(attributes);
    }

    /** The grants of both, without repeats. */
    public Grants union(Grants other) {
        if (other.isEmpty()) return this;
        if (isEmpty()) return other;
        Map<Action, List<String>> map = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            Set<String> both = new LinkedHashSet<>(of(a));
            both.addAll(other.of(a));
            if (!both.isEmpty()) map.put(a, List.copyOf(both));
        }
        return new Grants(map);
    }

    /** The filters granted for {@code action}, in declaration order. */
    public List<String> of(Action action) {
        return filters.getOrDefault(action, Collections.emptyList());
    }

    /** True when {@code topic} (for {@link Action#SUBSCRIBE}: a filter) lies within a filter granted for {@code action}. */
    public boolean permits(Action action, String topic) {
        for (String granted : of(action)) {
            if (TopicFilters.covers(granted, topic)) return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return filters.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Grants g && g.filters.equals(filters);
    }

    @Override
    public int hashCode() {
        return filters.hashCode();
    }

    /** {@code publish orders/new; call payments/authorize}, or {@code nothing}. */
    @Override
    public String toString() {
        if (isEmpty()) return "nothing";
        StringBuilder b = new StringBuilder();
        filters.forEach((a, l) -> b.append(b.length() == 0 ? "" : "; ").append(a.name().toLowerCase()).append(' ').append(String.join(", ", l)));
        return b.toString();
    }
}
