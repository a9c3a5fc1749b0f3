package dev.cairn.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.cairn.launcher.spi.DeployProblems;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/** deploy/*.json through FileInstall and dev.cairn.deploy into ConfigurationAdmin and on to a component. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JsonDeployIT {
    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private ServiceComponentRuntime scr;
    private final RecordedProblems problems = new RecordedProblems();
    private ServiceRegistration<DeployProblems> registration;
    private Path deployDir;

    @Configuration
    public Option[] config() {
        return CairnNode.withBundles(CairnNode.bundleFile("hello"));
    }

    @Before
    public void registerDeployProblems() {
        registration = context.registerService(DeployProblems.class, problems, null);
        deployDir = Path.of(context.getProperty(CairnNode.FILEINSTALL_DIR));
    }

    @After
    public void unregisterDeployProblems() {
        registration.unregister();
    }

    @Test
    public void jsonFileConfiguresTheComponentUntilItIsDeleted() throws Exception {
        Path file = deployDir.resolve(HelloComponent.PID + ".json");
        Files.writeString(file, "{\"greeting.name\": \"Json\"}");
        assertEquals("Json", HelloComponent.awaitGreeting(context, scr, "Json").get("greeting.name"));

        Files.delete(file);
        assertEquals("world", HelloComponent.awaitGreeting(context, scr, "world").get("greeting.name"));
        assertNull("configurations left", configAdmin.listConfigurations("(service.pid=" + HelloComponent.PID + ")"));
    }

    @Test
    public void invalidJsonIsReportedAndConfiguresNothing() throws Exception {
        Files.writeString(deployDir.resolve("broken.json"), "{\"greeting.name\": ");

        RecordedProblems.Report report = problems.next();
        assertEquals(Path.of("broken.json"), report.file().getFileName());
        assertTrue(report.reason(), report.reason().contains("invalid JSON"));
        // the installer reports instead of configuring: nothing can follow the report
        assertNull("configurations from broken.json",
                configAdmin.listConfigurations("(felix.fileinstall.filename=*broken.json)"));
        assertNull("configuration 'broken'", configAdmin.listConfigurations("(service.pid=broken)"));
    }
}
