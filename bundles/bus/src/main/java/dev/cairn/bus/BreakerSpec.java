package dev.cairn.bus;

import dev.cairn.bus.access.TopicFilters;
import dev.cairn.bus.api.BusException;
import java.time.Duration;
import java.util.Map;

/**
 * One configured circuit breaker, checked: who calls what, and when it opens. Bad values are refused naming the
 * key, as the management agent's MetaType check names it; a {@code .cfg} file in {@code deploy/} reaches only this.
 */
record BreakerSpec(String name, String caller, String topic, int failures, int window, Duration open, int halfOpenCalls) {
    static final String ANY_CALLER = "*";

    BreakerSpec {
        require(name != null && !name.isBlank(), "name", "a breaker needs a name");
        require(caller != null && !caller.isBlank() && !caller.contains(","), "caller",
                "caller must be one bundle's symbolic name or *, not '" + caller + "'");
        require(topic != null && !topic.isBlank(), "topic", "topic is required (the topic or filter the caller asks)");
        try {
            Topics.filter(topic);
        } catch (BusException e) {
            throw new InvalidConfiguration("topic", "topic is not a topic or filter: " + e.getMessage());
        }
        require(failures >= 1 && failures <= 1000, "failures", "failures must be 1 to 1000, not " + failures);
        require(window >= failures && window <= 1000, "window",
                "window must be 0 (failures in a row) or " + failures + " (failures) to 1000, not " + window);
        require(!open.isNegative() && !open.isZero() && open.compareTo(Duration.ofDays(1)) <= 0, "open.ms",
                "open.ms must be 1 to 86400000, not " + open.toMillis());
        require(halfOpenCalls >= 1 && halfOpenCalls <= 100, "half.open.calls", "half.open.calls must be 1 to 100, not " + halfOpenCalls);
    }

    /** {@code name}: the configuration's own, used when {@code name} is not set. */
    static BreakerSpec of(String fallbackName, BreakerConfig c) {
        String name = c.name() == null || c.name().isBlank() ? fallbackName : c.name().trim();
        if (c.window() < 0) throw new InvalidConfiguration("window", "window must be 0 (failures in a row) or at least failures, not " + c.window());
        int window = c.window() == 0 ? c.failures() : c.window();
        return new BreakerSpec(name, trim(c.caller()), trim(c.topic()), c.failures(), window, Duration.ofMillis(c.open_ms()), c.half_open_calls());
    }

    /** The name of a factory configuration: {@code payments} for PID {@code dev.cairn.bus.breaker~payments}. */
    static String configurationName(Map<String, Object> properties) {
        String pid = String.valueOf(properties.getOrDefault("service.pid", properties.getOrDefault("component.name", "breaker")));
        int tilde = pid.indexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }

    boolean inARow() {
        return window == failures;
    }

    boolean covers(String bundle, String calledTopic) {
        return (caller.equals(ANY_CALLER) || caller.equals(bundle)) && TopicFilters.covers(topic, calledTopic);
    }

    /** Higher for a breaker closer to the call: a named caller over *, a topic over a filter, a longer filter. */
    int specificity() {
        boolean filter = topic.contains("+") || topic.contains("#");
        return (caller.equals(ANY_CALLER) ? 0 : 1 << 20) + (filter ? 0 : 1 << 19) + topic.length();
    }

    String describe() {
        return "'" + name + "' (caller " + caller + ", topic " + topic + ")";
    }

    String threshold() {
        return inARow() ? failures + " failure(s) in a row" : failures + " failure(s) in the last " + window + " requests";
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) throw new InvalidConfiguration(key, message);
    }

    /** A configuration value that cannot be used; {@link #key()} names it. */
    static final class InvalidConfiguration extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        InvalidConfiguration(String key, String message) {
            super(message);
            this.key = key;
        }

        String key() {
            return key;
        }
    }
}
