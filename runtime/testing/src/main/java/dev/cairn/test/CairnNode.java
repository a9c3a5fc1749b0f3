package dev.cairn.test;

import java.util.List;

/** One running node of a placement, as a test sees it. */
public interface CairnNode {
    /** Its name in the placement, which is also its node id: "monolith", or a name of {@link CairnTest#split()}. */
    String name();

    /** The symbolic names of the bundles it runs (besides the distribution's system bundles). */
    List<String> bundles();

    /** Everything it has logged so far. */
    String log();

    /** Writes {@code deploy/<pid>.cfg} with these lines; the node applies it within a few tens of milliseconds. */
    void configure(String pid, String... properties);
}
