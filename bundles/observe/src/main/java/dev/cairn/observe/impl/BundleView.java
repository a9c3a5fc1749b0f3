package dev.cairn.observe.impl;

import dev.cairn.observe.BundleStates;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/** What the checks and metrics need to know of a bundle; {@code lazy}: waiting for its first class load. */
record BundleView(long id, String name, String location, int state, boolean fragment, boolean lazy) {
    /** How the launcher installs the JARs of system/ (see dev.cairn.launcher.SystemBundles). */
    static final String SYSTEM_LOCATION = "reference:";

    BundleView(long id, String name, String location, int state, boolean fragment) {
        this(id, name, location, state, fragment, false);
    }

    static BundleView of(Bundle b) {
        return new BundleView(b.getBundleId(), b.getSymbolicName(), b.getLocation(), b.getState(),
                b.getHeaders("").get(Constants.FRAGMENT_HOST) != null, BundleStates.lazy(b));
    }

    boolean system() {
        return location != null && location.startsWith(SYSTEM_LOCATION);
    }

    boolean running() {
        return lazy || BundleStates.running(state, fragment);
    }

    String stateName() {
        return lazy ? "LAZY" : BundleStates.name(state);
    }
}
