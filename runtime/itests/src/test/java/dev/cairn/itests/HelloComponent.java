package dev.cairn.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.util.Collection;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The example component dev.cairn.examples.hello, as SCR reports it. */
final class HelloComponent {
    static final String PID = "dev.cairn.examples.hello";

    private HelloComponent() {
    }

    /**
     * Waits until the component's service shows {@code greeting.name=name}, then returns the properties
     * of its one configuration as SCR's runtime DTO has them, having checked that it is ACTIVE.
     */
    static Map<String, Object> awaitGreeting(BundleContext context, ServiceComponentRuntime scr, String name) throws Exception {
        Await.service(context, "(&(component.name=" + PID + ")(greeting.name=" + name + "))");
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> PID.equals(d.name)).findFirst().orElse(null);
        assertNotNull("SCR knows no component " + PID, description);
        Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
        assertEquals(1, configurations.size());
        ComponentConfigurationDTO configuration = configurations.iterator().next();
        assertEquals("state of " + PID, ComponentConfigurationDTO.ACTIVE, configuration.state);
        return configuration.properties;
    }
}
