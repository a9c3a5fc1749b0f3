package dev.cairn.test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/**
 * One placement's run of a test: named by the placement, given the placement's {@link CairnBus} (and {@link Placement}),
 * and failed — naming the type and the node — when a node logged a payload that did not survive JSON meanwhile, even
 * if the test body itself passed.
 */
final class PlacementInvocation implements TestTemplateInvocationContext, ParameterResolver, InvocationInterceptor {
    private final Placement placement;
    private final CairnTest test;
    private final Fleets fleets;

    PlacementInvocation(Placement placement, CairnTest test, Fleets fleets) {
        this.placement = placement;
        this.test = test;
        this.fleets = fleets;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        return placement.name();
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
        return List.of(this);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == CairnBus.class || type == Placement.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Placement.class ? placement : fleets.get(test, placement).bus();
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        Fleet fleet = fleets.get(test, placement);
        Map<NodeProcess, Integer> marks = fleet.marks();
        Throwable failure = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            failure = t;
        }
        List<String> crossing = fleet.crossingProblems(marks);
        if (!crossing.isEmpty()) {
            fleet.keep();
            AssertionError e = new AssertionError(placement + ": a payload cannot cross nodes (it must be JSON and come back equal,"
                    + " as a record of plain values does):\n  " + String.join("\n  ", crossing) + "\n(node folders kept in " + fleet.dir() + ")");
            if (failure != null) e.addSuppressed(failure);
            throw e;
        }
        if (failure != null) {
            fleet.keep();
            failure.addSuppressed(new NodeLogs(placement + ": " + fleet.tails()));
            throw failure;
        }
    }

    /** Carries the nodes' last lines into a failure's report. */
    static final class NodeLogs extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NodeLogs(String text) {
            super(text, null, false, false);
        }
    }
}
