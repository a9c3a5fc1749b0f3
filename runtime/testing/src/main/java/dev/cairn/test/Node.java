package dev.cairn.test;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One node of the SPLIT placement: its name (also its node id) and the bundles it runs. */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface Node {
    /** The node's name and id: letters, digits, '-', '_' or '.'. */
    String name();

    /** Bundles of {@link CairnTest#bundles()} by symbolic name or JAR file name; globs allowed ({@code dev.cairn.hardware.*}). */
    String[] bundles();
}
