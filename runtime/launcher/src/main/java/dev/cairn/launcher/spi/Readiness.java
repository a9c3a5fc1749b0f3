package dev.cairn.launcher.spi;

import java.util.Optional;

/**
 * A part of the node that can be running yet not ready, such as the MQTT transport before it reaches the
 * broker. Registered by the bundle that knows; an upgrade on trial commits only when every one is ready.
 */
public interface Readiness {

    /** Why this part is not ready, or empty when it is. */
    Optional<String> notReady();
}
