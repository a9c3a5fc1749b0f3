package dev.cairn.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once per {@link Placement}, each time against real nodes started from the Cairn
 * distribution: MONOLITH, one node with every bundle; SPLIT, the nodes of {@link #split()} over a broker, each with
 * its share. The test takes a {@link CairnBus} parameter to publish, subscribe and request from outside the nodes.
 * <pre>{@code
 * @CairnTest(bundles = {"${cairn.home}/examples/shop-api.jar", "${cairn.home}/examples/payments.jar", "${cairn.home}/examples/orders.jar"},
 *            split = {@Node(name = "payments", bundles = "dev.cairn.examples.payments"),
 *                     @Node(name = "orders", bundles = "dev.cairn.examples.orders")})
 * void ordersArePaid(CairnBus bus) { ... }
 * }</pre>
 * Nodes are started once per placement and shared by the tests of one class that declare the same
 * {@code @CairnTest}; they are killed when the class is done.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(CairnTestExtension.class)
public @interface CairnTest {

    /** The placements to run the test in, in this order. */
    Placement[] placements() default {Placement.MONOLITH, Placement.SPLIT};

    /**
     * The bundle JARs: paths relative to the working folder (the Maven module), absolute, or starting with
     * {@code ${cairn.home}/} for the distribution's own ({@code ${cairn.home}/examples/orders.jar}); the file name
     * may be a glob ({@code target/*.jar}). Each must match at least one JAR.
     */
    String[] bundles();

    /**
     * SPLIT: two or more nodes and the bundles each runs, named by symbolic name or file name (globs allowed). A
     * bundle no node names — an API bundle, a library — runs on every node.
     */
    Node[] split() default {};

    /** Configurations every node has in its conf/ before it starts (a node ignores those of bundles it does not run). */
    Config[] config() default {};

    /** The broker of the nodes (and of the test's {@link CairnBus}). */
    Broker broker() default Broker.AUTO;
}
