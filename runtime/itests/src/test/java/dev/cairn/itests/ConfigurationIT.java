package dev.cairn.itests;

import static org.junit.Assert.assertEquals;

import java.util.Hashtable;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationIT {
    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private ServiceComponentRuntime scr;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return CairnNode.withBundles(CairnNode.bundleFile("hello"));
    }

    @Test
    public void configurationReachesTheComponentAndFollowsItsUpdates() throws Exception {
        assertEquals("world", HelloComponent.awaitGreeting(context, scr, "world").get("greeting.name"));

        Configuration config = configAdmin.getConfiguration(HelloComponent.PID, "?");
        config.update(new Hashtable<>(Map.of("greeting.name", "Ada")));
        Map<String, Object> properties = HelloComponent.awaitGreeting(context, scr, "Ada");
        assertEquals("Ada", properties.get("greeting.name"));
        assertEquals(HelloComponent.PID, properties.get("service.pid"));

        config.update(new Hashtable<>(Map.of("greeting.name", "Grace")));
        assertEquals("Grace", HelloComponent.awaitGreeting(context, scr, "Grace").get("greeting.name"));
    }
}
