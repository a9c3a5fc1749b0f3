package dev.cairn.deploy;

import dev.cairn.launcher.spi.BundleDiagnosis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Tells {@code cairn status} about the components of an ACTIVE bundle that are not working: one whose
 * activation threw (typically a configuration value it refused) or one waiting for a service nobody
 * offers. A component waiting for its configuration is not a problem: that is how a component is off.
 */
@Component
public final class ComponentDiagnosis implements BundleDiagnosis {
    private final ServiceComponentRuntime scr;

    @Activate
    public ComponentDiagnosis(@Reference ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    @Override
    public Optional<String> problem(Bundle bundle) {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                describe(description.name, c).ifPresent(problems::add);
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    static Optional<String> describe(String component, ComponentConfigurationDTO c) {
        if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
            return Optional.of("component " + component + " failed to activate: " + rootCause(c.failure));
        }
        if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
            List<String> missing = new ArrayList<>();
            for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) missing.add(r.name + (r.target == null ? "" : " " + r.target));
            return Optional.of("component " + component + " waits for " + String.join(", ", missing));
        }
        return Optional.empty();
    }

    /**
     * The line that says what went wrong: SCR's failure is a stack trace whose first line is often only
     * the reflection wrapper (InvocationTargetException of a constructor); the innermost cause is last.
     */
    static String rootCause(String failure) {
        if (failure == null) return "";
        String cause = failure.lines().findFirst().orElse("");
        for (String line : failure.lines().toList()) {
            if (line.startsWith("Caused by: ")) cause = line.substring("Caused by: ".length());
        }
        return cause;
    }
}
