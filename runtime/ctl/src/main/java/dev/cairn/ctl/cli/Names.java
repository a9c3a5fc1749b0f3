package dev.cairn.ctl.cli;

import java.util.regex.Pattern;

/** Node ids as the node accepts them: 1–64 letters, digits, '.', '_', '-' (also an MQTT user name and a topic level). */
final class Names {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Names() {
    }

    /** Throws a usage error naming {@code what} when {@code id} is not a node id. */
    static String check(String id, String what) {
        if (!NODE_ID.matcher(id).matches())
            throw new IllegalArgumentException(what + " '" + id + "' is not a node id (1-64 letters, digits, '.', '_', '-')");
        return id;
    }
}
