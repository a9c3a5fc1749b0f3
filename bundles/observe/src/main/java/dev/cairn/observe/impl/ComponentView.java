package dev.cairn.observe.impl;

import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * One configuration of an enabled DS component that is not satisfied: it waits for a service, or its
 * activation failed. A component waiting for its configuration is not one: that is how a component is
 * switched off (the launcher's {@code cairn status} follows the same rule).
 */
record ComponentView(String name, String bundle, String problem) {

    static List<ComponentView> unsatisfied(ServiceComponentRuntime scr) {
        List<ComponentView> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!scr.isComponentEnabled(d)) continue;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                String problem = problem(c);
                if (problem != null) out.add(new ComponentView(d.name, d.bundle.symbolicName, problem));
            }
        }
        return out;
    }

    private static String problem(ComponentConfigurationDTO c) {
        if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
            return "failed to activate" + (c.failure == null ? "" : ": " + rootCause(c.failure));
        }
        if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
            List<String> missing = new ArrayList<>();
            for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) missing.add(r.name + (r.target == null ? "" : " " + r.target));
            return "waits for " + String.join(", ", missing);
        }
        return null;
    }

    /**
     * The line that says what went wrong. SCR's failure is a stack trace whose first line is often only the
     * reflection wrapper (an InvocationTargetException of the constructor): the innermost cause, its last
     * "Caused by:", is the component's own reason — as {@code cairn status} shows it.
     */
    static String rootCause(String failure) {
        String cause = failure.lines().findFirst().orElse("").trim();
        for (String line : failure.lines().toList()) {
            if (line.startsWith("Caused by: ")) cause = line.substring("Caused by: ".length()).trim();
        }
        return cause;
    }

    @Override
    public String toString() {
        return name + " (" + bundle + ") " + problem;
    }
}
