package dev.cairn.ctl;

import java.util.Map;

/**
 * What {@code node.upgrade.status} says: the version the node runs, whether its launcher can upgrade it,
 * the version it is about to restart into, the upgrade on trial and how the last one ended.
 */
public record UpgradeStatus(String version, boolean upgradable, String restartingInto, Trial trial, Outcome lastOutcome) {

    /** An upgrade on trial: the node runs {@code version}, from {@code from}, and commits or rolls back by {@code deadline}. */
    public record Trial(String id, String version, String from, String deadline) {}

    /** How an upgrade ended: committed, or rolled back to {@code from} because of {@code reason}. */
    public record Outcome(String id, String version, String from, boolean committed, String reason, String at) {}

    static UpgradeStatus of(Object result) {
        Map<?, ?> m = result instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> t = m.get("trial") instanceof Map<?, ?> x ? x : null;
        Map<?, ?> o = m.get("lastOutcome") instanceof Map<?, ?> x ? x : null;
        return new UpgradeStatus(text(m.get("version")), Boolean.TRUE.equals(m.get("upgradable")), text(m.get("restartingInto")),
                t == null ? null : new Trial(text(t.get("id")), text(t.get("version")), text(t.get("from")), text(t.get("deadline"))),
                o == null ? null : new Outcome(text(o.get("id")), text(o.get("version")), text(o.get("from")),
                        Boolean.TRUE.equals(o.get("committed")), text(o.get("reason")), text(o.get("at"))));
    }

    /** The id of the last outcome, or "" before any: what a new outcome is told apart from. */
    public String lastOutcomeId() {
        return lastOutcome == null || lastOutcome.id() == null ? "" : lastOutcome.id();
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
