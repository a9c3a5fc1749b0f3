package dev.cairn.test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** Provides one invocation of a {@link CairnTest} per placement, each against that placement's running nodes. */
final class CairnTestExtension implements TestTemplateInvocationContextProvider {
    static final String PRESTART = "cairn.test.prestart";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CairnTestExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getTestMethod(), CairnTest.class).isPresent();
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        CairnTest test = AnnotationSupport.findAnnotation(context.getTestMethod(), CairnTest.class).orElseThrow();
        Placement[] placements = test.placements();
        if (placements.length == 0) throw new IllegalArgumentException("@CairnTest: placements is empty");
        if (EnumSet.copyOf(Arrays.asList(placements)).size() != placements.length) {
            throw new IllegalArgumentException("@CairnTest: placements names one twice: " + Arrays.toString(placements));
        }
        Fleets fleets = classStore(context).getOrComputeIfAbsent(Fleets.class.getName(),
                k -> new Fleets(CairnHome.locate(), Path.of("").toAbsolutePath()), Fleets.class);
        // every placement boots now, SPLIT while MONOLITH runs; -Dcairn.test.prestart=false boots each when its run comes
        if (!"false".equals(System.getProperty(PRESTART))) for (Placement p : placements) fleets.starting(test, p);
        return Arrays.stream(placements).map(p -> new PlacementInvocation(p, test, fleets));
    }

    /** The store of the test class (a nested class has its own): its fleets live until the class is done. */
    private static ExtensionContext.Store classStore(ExtensionContext methodContext) {
        ExtensionContext c = methodContext.getParent().orElse(methodContext);
        return c.getStore(NAMESPACE);
    }
}
