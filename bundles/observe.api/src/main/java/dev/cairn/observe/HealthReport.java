package dev.cairn.observe;

import java.util.List;

/**
 * The node's health as a whole. {@code live}: the node works and need not be restarted; {@code ready}: it
 * can do its job now (system bundles active, components satisfied, every check UP).
 */
public record HealthReport(boolean live, boolean ready, List<Check> checks) {
    public HealthReport {
        checks = List.copyOf(checks);
    }

    /** One named check and its outcome. */
    public record Check(String name, Health.Status status, String reason, boolean liveness) {}
}
