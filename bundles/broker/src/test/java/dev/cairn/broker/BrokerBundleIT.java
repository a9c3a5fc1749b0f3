package dev.cairn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The built bundle in a real Felix with a node's packages and DS/ConfigAdmin bundles: it resolves and starts
 * with nothing else, stays idle without configuration, serves MQTT once configured and stops cleanly.
 * Bundle files come from failsafe system properties {@code cairn.bundle.<name>} (see the pom).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerBundleIT {
    /** As the launcher exports them; plus ConfigAdmin's API, only so that this test shares its classes. */
    private static final String SYSTEM_PACKAGES_EXTRA = String.join(",",
            "org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17", "org.slf4j.helpers;version=2.0.17",
            "org.slf4j.spi;version=2.0.17", "org.slf4j;version=1.7.36", "org.slf4j.helpers;version=1.7.36",
            "org.osgi.service.cm;version=1.6.1");
    private static final List<String> BUNDLES = List.of("function", "promise", "component", "configadmin", "scr",
            "bus.api", "management.api", "observe.api", "broker");

    @TempDir
    static Path storage;
    static Framework felix;
    static Bundle broker;
    static ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;
    static final int port = FreePort.find();

    @BeforeAll
    static void boot() throws Exception {
        felix = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA));
        felix.init();
        for (String name : BUNDLES) {
            Bundle b = felix.getBundleContext().installBundle("reference:" + bundleFile(name).toUri());
            if (name.equals("broker")) broker = b;
        }
        felix.start();
        for (Bundle b : felix.getBundleContext().getBundles()) b.start();
        configAdmin = new ServiceTracker<>(felix.getBundleContext(), ConfigurationAdmin.class, null);
        configAdmin.open();
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (configAdmin != null) configAdmin.close();
        if (felix != null) {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }

    @Test
    @Order(1)
    void theBundleImportsOnlyWhatANodeHasAndExportsNothing() throws IOException {
        try (JarFile jar = new JarFile(bundleFile("broker").toFile())) {
            Manifest m = jar.getManifest();
            assertThat(m.getMainAttributes().getValue(Constants.EXPORT_PACKAGE)).isNull();
            // "a;version=\"[2.0,3)\",b;resolution:=optional": split at commas outside quotes
            List<String> imports = Arrays.asList(m.getMainAttributes().getValue(Constants.IMPORT_PACKAGE)
                    .split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"));
            assertThat(imports).filteredOn(i -> !i.contains("resolution:=optional"))
                    .extracting(i -> i.split(";")[0])
                    .allMatch(p -> p.startsWith("org.slf4j") || p.startsWith("org.osgi.") || p.startsWith("javax.")
                            || p.startsWith("dev.cairn."));
            assertThat(imports).extracting(i -> i.split(";")[0])
                    .noneMatch(p -> p.startsWith("io.netty") || p.startsWith("org.jctools") || p.startsWith("org.apache.activemq"));
        }
        assertThat(broker.getState()).as("broker bundle state").isEqualTo(Bundle.ACTIVE);
    }

    @Test
    @Order(2)
    void unconfiguredItListensNowhereAndRunsNothing() {
        assertThat(listening(port)).isFalse();
        assertThat(ArtemisThreads.names()).isEmpty();
    }

    @Test
    @Order(3)
    void configuredItServesMqttAndWhenTheConfigurationGoesItStopsCleanly() throws Exception {
        Configuration config = configAdmin.waitForService(10_000).getConfiguration(Broker.PID, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("port", port);
        config.update(properties);

        await().atMost(Duration.ofSeconds(20)).until(() -> listening(port));
        try (TestClient sub = TestClient.connect(port, "it-sub").subscribe("it/+");
             TestClient pub = TestClient.connect(port, "it-pub")) {
            pub.publish("it/hello", "from Felix");
            assertThat(sub.awaitReceived(1).get(0).text()).isEqualTo("from Felix");
        }

        config.delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> !listening(port) && ArtemisThreads.names().isEmpty());
        assertThat(broker.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    @Order(4)
    void withAuthenticationAFactoryConfigurationEnrollsAClientAChangeKeepsItConnectedAndDeletingItCutsItOff() throws Exception {
        ConfigurationAdmin admin = configAdmin.waitForService(10_000);
        Configuration client = admin.getFactoryConfiguration(BrokerClient.PID, "n1", "?");
        Hashtable<String, Object> enrolled = new Hashtable<>();
        enrolled.put("name", "n1");
        enrolled.put(".password", TestFleet.hash(TestFleet.password("n1")));
        enrolled.put("publish", new String[] {"sensors/#"});
        client.update(enrolled);
        Configuration config = admin.getConfiguration(Broker.PID, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("port", port);
        properties.put("authentication", true);
        config.update(properties);

        await().atMost(Duration.ofSeconds(20)).until(() -> listening(port));
        TestClient n1 = connectWhenEnrolled();
        try {
            assertThat(n1.publish("cairn/bus/sensors/gh", "21.5")).isZero();
            assertThat(n1.publish("cairn/bus/orders/new", "not granted")).isEqualTo(0x87);

            enrolled.put("publish", new String[] {"sensors/#", "orders/#"});
            client.update(enrolled);
            await().atMost(Duration.ofSeconds(10)).until(() -> n1.publish("cairn/bus/orders/new", "granted now") == 0);
            assertThat(n1.paho().isConnected()).as("a change is not a removal").isTrue();

            client.delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> !n1.paho().isConnected());
        } finally {
            n1.close();
            config.delete();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !listening(port) && ArtemisThreads.names().isEmpty());
    }

    /** ConfigAdmin and SCR deliver the client's configuration on their own threads. */
    private static TestClient connectWhenEnrolled() {
        TestClient[] connected = new TestClient[1];
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            connected[0] = TestClient.connect(port, "n1", TestClient.login("n1", TestFleet.password("n1")));
            return true;
        });
        return connected[0];
    }

    private static Path bundleFile(String name) {
        String file = System.getProperty("cairn.bundle." + name);
        if (file == null) throw new IllegalStateException("system property cairn.bundle." + name + " is not set: run with Maven");
        return Path.of(file);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
