package dev.cairn.itests;

import static java.util.stream.Collectors.toMap;
import static org.junit.Assert.assertEquals;

import dev.cairn.launcher.spi.DeployProblems;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SystemBundlesIT {
    private static final List<String> SYSTEM_BUNDLES = List.of(
            "org.apache.felix.log", "org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.metatype", "org.apache.felix.fileinstall",
            "com.fasterxml.jackson.core.jackson-core", "dev.cairn.deploy");

    @Inject
    private BundleContext context;
    @Inject
    private ServiceComponentRuntime scr;
    private ServiceRegistration<DeployProblems> problems;

    @Configuration
    public Option[] config() {
        return CairnNode.withBundles();
    }

    @Before
    public void registerDeployProblems() {
        problems = context.registerService(DeployProblems.class, new RecordedProblems(), null);
    }

    @After
    public void unregisterDeployProblems() {
        problems.unregister();
    }

    @Test
    public void systemBundlesAreActive() {
        Map<String, String> states = Arrays.stream(context.getBundles())
                .collect(toMap(Bundle::getSymbolicName, SystemBundlesIT::state, (a, b) -> a + ", " + b));
        Map<String, String> notActive = new TreeMap<>();
        for (String name : SYSTEM_BUNDLES) {
            String state = states.getOrDefault(name, "not installed");
            if (!state.equals("ACTIVE")) notActive.put(name, state);
        }
        assertEquals("system bundles that are not ACTIVE", Map.of(), notActive);
    }

    @Test
    public void deployComponentsRunOnceDeployProblemsIsRegistered() throws Exception {
        // the components that need DeployProblems register their services once satisfied
        for (String name : List.of("JsonConfigInstaller", "NonBundleReporter", "ConfigProblemsCleaner")) {
            Await.service(context, "(component.name=dev.cairn.deploy." + name + ")");
        }
        Map<String, String> notRunning = new TreeMap<>();
        for (ComponentDescriptionDTO component : scr.getComponentDescriptionDTOs(bundle("dev.cairn.deploy"))) {
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(component);
            if (configurations.isEmpty()) notRunning.put(component.name, "disabled");
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    notRunning.put(component.name, state(component, configuration));
                }
            }
        }
        assertEquals("components of dev.cairn.deploy neither ACTIVE nor SATISFIED", Map.of(), notRunning);
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STARTING -> "STARTING";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "state " + bundle.getState();
        };
    }

    private static String state(ComponentDescriptionDTO component, ComponentConfigurationDTO configuration) {
        return switch (configuration.state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE to " + Arrays.stream(configuration.unsatisfiedReferences)
                    .map(unsatisfied -> Arrays.stream(component.references)
                            .filter(r -> r.name.equals(unsatisfied.name)).findFirst().orElseThrow().interfaceName)
                    .toList();
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION: " + configuration.failure;
            default -> "state " + configuration.state;
        };
    }
}
