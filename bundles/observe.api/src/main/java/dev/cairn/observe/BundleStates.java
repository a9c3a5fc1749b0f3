package dev.cairn.observe;

import org.osgi.framework.Bundle;

/** Bundle states as every report of the node names them, and what "running" means for a bundle. */
public final class BundleStates {
    private BundleStates() {}

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

    /** ACTIVE, or RESOLVED for a fragment (which never starts). */
    public static boolean running(int state, boolean fragment) {
        return state == Bundle.ACTIVE || fragment && state == Bundle.RESOLVED;
    }
}
