package dev.cairn.launcher.spi;

import java.util.Optional;
import org.osgi.framework.Bundle;

/**
 * Why an ACTIVE bundle is not doing its work, as only a system bundle can tell — for instance a
 * component whose activation failed. Registered by a system bundle, asked by {@code cairn status}.
 */
public interface BundleDiagnosis {

    /** What is wrong inside {@code bundle}, or empty when nothing is known to be. */
    Optional<String> problem(Bundle bundle);
}
