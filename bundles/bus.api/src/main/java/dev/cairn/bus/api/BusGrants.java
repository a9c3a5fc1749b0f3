package dev.cairn.bus.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * What a bundle may do on the bus, declared once, next to the code that does it. The build (bnd) turns it into
 * a capability in the manifest — {@code Provide-Capability: cairn.bus.grants;publish:List<String>="orders/new"}
 * — which the node's bus reads when the bundle first asks for the bus; it refuses anything else with
 * {@link BusException.Reason#NOT_GRANTED}. cairnctl reads the same capability from the JAR to tell the broker
 * what the node may do, so across nodes the broker refuses the rest.
 *
 * <p>Each element is a list of MQTT topic filters over bus topics ({@code +} one level, {@code #} the rest),
 * the language of {@link Bus#subscribe}: {@code publish = "sensors/+"} lets the bundle publish on
 * {@code sensors/gh} but not on {@code sensors/gh/raw}; {@code subscribe = "sensors/#"} allows any filter
 * within it. A filter may not contain a comma. Several classes of one bundle may each declare some: the
 * bundle holds them all.
 * <pre>{@code
 * @BusGrants(publish = "orders/new", subscribe = "payments/done", call = "payments/authorize")
 * @Component public final class Orders { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Capability(namespace = BusGrants.NAMESPACE)
public @interface BusGrants {
    /** The capability namespace of grants. */
    String NAMESPACE = "cairn.bus.grants";

    /** Topics the bundle may publish events on. */
    @Attribute("publish")
    String[] publish() default {};

    /** Filters the bundle may subscribe with: each must lie within one of these. */
    @Attribute("subscribe")
    String[] subscribe() default {};

    /** Topics the bundle may serve requests on ({@link Bus#handle}, or a {@link BusHandler}). */
    @Attribute("serve")
    String[] serve() default {};

    /** Topics the bundle may send requests to ({@link Bus#request}). */
    @Attribute("call")
    String[] call() default {};
}
