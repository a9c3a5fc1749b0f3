package dev.cairn.observe;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/** Bundle states as every report of the node names them, and what "running" means for a bundle. */
public final class BundleStates {
    private BundleStates() {}

    /** The state's name, LAZY for a bundle waiting with a lazy activation policy for its first class load. */
    public static String name(Bundle b) {
        return lazy(b) ? "LAZY" : name(b.getState());
    }

    public static String name(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN";
        };
    }

    /**
     * Started with {@code Bundle-ActivationPolicy: lazy} and no class loaded from it yet: it stays STARTING
     * until a bundle uses it, as its manifest asks — waiting, not stuck.
     */
    public static boolean lazy(Bundle b) {
        String policy = b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
        return b.getState() == Bundle.STARTING && policy != null && policy.trim().startsWith(Constants.ACTIVATION_LAZY);
    }

    /** ACTIVE, LAZY, or RESOLVED for a fragment (which never starts). */
    public static boolean running(Bundle b) {
        return lazy(b) || running(b.getState(), b.getHeaders("").get(Constants.FRAGMENT_HOST) != null);
    }

    /** ACTIVE, or RESOLVED for a fragment (which never starts). */
    public static boolean running(int state, boolean fragment) {
        return state == Bundle.ACTIVE || fragment && state == Bundle.RESOLVED;
    }
}
