package dev.cairn.observe.impl;

import dev.cairn.observe.Health;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** The node's own checks, as pure functions of what the framework reports. */
final class Readiness {
    private static final int NAMED = 5;

    private Readiness() {
    }

    /** Every bundle of system/ is ACTIVE (a fragment RESOLVED). */
    static Health systemBundles(Collection<BundleView> bundles) {
        List<String> down = bundles.stream().filter(BundleView::system).filter(b -> !b.running())
                .map(b -> b.name() + " is " + b.stateName()).toList();
        return down.isEmpty() ? Health.up() : Health.down("system bundles not active: " + join(down));
    }

    /** Every enabled DS component is satisfied; the unsatisfied ones are named. */
    static Health components(List<ComponentView> unsatisfied) {
        return unsatisfied.isEmpty() ? Health.up()
                : Health.down(unsatisfied.size() + " component(s) not satisfied: " + join(unsatisfied.stream().map(ComponentView::toString).toList()));
    }

    private static String join(List<String> items) {
        String shown = items.stream().limit(NAMED).collect(Collectors.joining("; "));
        return items.size() > NAMED ? shown + "; and " + (items.size() - NAMED) + " more" : shown;
    }
}
