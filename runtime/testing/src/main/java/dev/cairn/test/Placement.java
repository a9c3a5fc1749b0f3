package dev.cairn.test;

/** Where the bundles of a {@link CairnTest} run. */
public enum Placement {
    /** One node runs every bundle: calls between bundles stay in its JVM. */
    MONOLITH,
    /** The nodes of {@link CairnTest#split()}, over a broker: calls between bundles of different nodes travel as JSON. */
    SPLIT
}
