package dev.cairn.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Subscription;
import dev.cairn.hardware.api.ActuatorState;
import dev.cairn.hardware.api.Reading;
import dev.cairn.observe.Health;
import dev.cairn.observe.HealthCheck;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The greenhouse as a monolith in a real Felix: a simulated sensor, the climate aggregator, the alert and
 * the fan controller, and the fan relay on Pi4J's mock GPIO — all configured through ConfigurationAdmin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GreenhouseIT {
    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private Bus bus;
    @Inject
    private org.osgi.service.component.runtime.ServiceComponentRuntime scr;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return CairnNode.withBundles(CairnNode.bundleFile("pi4j.core"),
                CairnNode.bundleFile("hardware.api"), CairnNode.bundleFile("hardware.pi4j"), CairnNode.bundleFile("hardware.gpio"),
                CairnNode.bundleFile("hardware.sensors"), CairnNode.bundleFile("greenhouse"));
    }

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return CairnNode.granting(probe, "subscribe:List<String>=\"actuators/+/state,sensors/+\"");
    }

    private void configure(String pid, Object... keyValues) throws Exception {
        configAdmin.getConfiguration(pid, "?").update(props(keyValues));
    }

    private void configureFactory(String factoryPid, String name, Object... keyValues) throws Exception {
        configAdmin.getFactoryConfiguration(factoryPid, name, "?").update(props(keyValues));
    }

    @Test
    public void aWarmGreenhouseSwitchesTheFanOnAndOffAndStoppingPi4jReleasesThePin() throws Exception {
        BlockingQueue<ActuatorState> fan = new LinkedBlockingQueue<>();
        BlockingQueue<Reading> readings = new LinkedBlockingQueue<>();
        Subscription states = bus.subscribe("actuators/fan/state", ActuatorState.class, (t, s) -> fan.add(s));
        Subscription sensor = bus.subscribe("sensors/gh", Reading.class, (t, r) -> readings.add(r));

        configure("dev.cairn.hardware.pi4j", "platform", "mock");
        configureFactory("dev.cairn.hardware.gpio.output", "fan", "name", "fan", "pin", 17, "active.low", true);
        configure("dev.cairn.examples.greenhouse.climate", "window.ms", 300L);
        configure("dev.cairn.examples.greenhouse.alert", "threshold", 29.0, "hysteresis", 1.0);
        configure("dev.cairn.examples.greenhouse.fan", "fan", "fan", "retry.ms", 50L);
        // 28 ± 4 °C over 3 s: above 29 for a while, below 28 for a while
        configureFactory("dev.cairn.hardware.sensors.simulated", "gh", "name", "gh", "mode", "sine", "base", 28.0,
                "amplitude", 4.0, "period.ms", 3000L, "interval.ms", 25L);

        Reading first = readings.poll(30, TimeUnit.SECONDS);
        assertNotNull("no reading on sensors/gh: " + components(), first);
        assertEquals(Reading.Quality.SIMULATED, first.quality());
        HealthCheck health = awaitHealth("gh");
        assertTrue(health.check().isUp());

        ActuatorState on = next(fan, true);
        assertTrue(on.on());
        Context pi4j = service(Context.class);
        DigitalOutput relay = pi4j.registry().get("output-fan", DigitalOutput.class);
        ActuatorState off = next(fan, false);
        assertFalse(off.on());
        assertEquals("active low: off is HIGH", DigitalState.HIGH, relay.state());
        next(fan, true);
        assertEquals("active low: on is LOW", DigitalState.LOW, relay.state());

        Bundle hardwarePi4j = bundle("dev.cairn.hardware.pi4j");
        hardwarePi4j.stop();
        try {
            assertEquals("the relay is back in its shutdown state", DigitalState.HIGH, relay.state());
            assertTrue(pi4j.isShutdown());
        } finally {
            hardwarePi4j.start();
            states.close();
            sensor.close();
        }
    }

    @Test
    public void aBme280ThatDoesNotAnswerIsDownWithAReasonWhileTheNodeGoesOn() throws Exception {
        configure("dev.cairn.hardware.pi4j", "platform", "mock");
        configureFactory("dev.cairn.hardware.sensors.bme280", "absent", "name", "absent", "interval.ms", 50L,
                "retry.initial.ms", 20L, "retry.max.ms", 100L);
        HealthCheck health = awaitHealth("absent");
        // a check is a value another thread keeps up to date: polled, as Awaitility would (not in this probe)
        Health h = poll(health::check, c -> !"no reading yet".equals(c.reason()));
        assertFalse(h.isUp());
        assertEquals("sensor:absent", health.name());
        assertNotNull(h.reason());
        assertFalse("the mock I2C bus has no BME280: " + h.reason(), h.reason().equals("no reading yet"));
    }

    /** What SCR says of the hardware and greenhouse components, for a failure message. */
    private String components() {
        StringBuilder out = new StringBuilder();
        for (var d : scr.getComponentDescriptionDTOs()) {
            if (!d.name.startsWith("dev.cairn.hardware") && !d.name.startsWith("dev.cairn.examples.greenhouse")) continue;
            for (var c : scr.getComponentConfigurationDTOs(d)) {
                out.append('\n').append(d.name).append(": state ").append(c.state).append(' ').append(c.failure);
                for (var r : c.unsatisfiedReferences) out.append(" unsatisfied ").append(r.name);
            }
        }
        return out.toString();
    }

    private HealthCheck awaitHealth(String name) throws Exception {
        ServiceReference<?> ref = Await.service(context, "(&(objectClass=" + HealthCheck.class.getName() + ")(name=" + name + "))");
        return (HealthCheck) context.getService(ref);
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        assertNotNull("no " + type.getName(), ref);
        return context.getService(ref);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) if (b.getSymbolicName().equals(symbolicName)) return b;
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static ActuatorState next(BlockingQueue<ActuatorState> states, boolean on) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            ActuatorState s = states.poll(1, TimeUnit.SECONDS);
            if (s != null && s.on() == on) return s;
        }
        throw new AssertionError("the fan was not switched " + (on ? "on" : "off") + " within 30 s");
    }

    private static <T> T poll(java.util.function.Supplier<T> value, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            v = value.get();
        }
        return v;
    }

    private static Dictionary<String, Object> props(Object... keyValues) {
        Hashtable<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) d.put((String) keyValues[i], keyValues[i + 1]);
        return d;
    }
}
