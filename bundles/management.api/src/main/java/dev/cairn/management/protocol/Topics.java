package dev.cairn.management.protocol;

/** Where management requests go on the bus. */
public final class Topics {
    private Topics() {}

    /** The bus topic a node's agent serves: {@code mgmt/<node>}. */
    public static String management(String node) {
        return "mgmt/" + node;
    }
}
