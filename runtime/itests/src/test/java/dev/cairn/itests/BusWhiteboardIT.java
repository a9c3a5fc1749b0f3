package dev.cairn.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusHandler;
import dev.cairn.bus.api.BusSubscriber;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The bus as bundles use it: the Bus service, and subscribers and handlers registered on the whiteboard. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusWhiteboardIT {
    public record Ping(String text) {
    }

    @Inject
    private BundleContext context;
    @Inject
    private Bus bus;

    @Configuration
    public Option[] config() {
        return CairnNode.withBundles();
    }

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return CairnNode.granting(probe, "publish:List<String>=\"pings/#\";subscribe:List<String>=\"pings/+\";"
                + "serve:List<String>=\"echo\";call:List<String>=\"echo,nowhere\"");
    }

    @Test
    public void aBundleGetsABusThatAllowsOnlyItsGrants() {
        try {
            bus.publish("sensors/gh", new Ping("99.0"));
            throw new AssertionError("published outside the probe's grants");
        } catch (BusException e) {
            assertEquals(BusException.Reason.NOT_GRANTED, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("may not publish 'sensors/gh'"));
        }
        assertNull(bus.stats().get("sensors/gh"));
    }

    @Test
    public void aWhiteboardHandlerOutsideItsBundlesGrantsServesNothing() {
        ServiceRegistration<?> reg = context.registerService(BusHandler.class, new BusHandler<Ping, String>() {
            @Override
            public Class<Ping> type() {
                return Ping.class;
            }

            @Override
            public String handle(Ping request) {
                return "stolen " + request.text();
            }
        }, props("nowhere"));
        try {
            bus.request("nowhere", new Ping("x"), String.class, Duration.ofSeconds(5)).toCompletableFuture().join();
            throw new AssertionError("a handler served outside its grants");
        } catch (CompletionException e) {
            assertEquals(BusException.Reason.NO_HANDLER, ((BusException) e.getCause()).reason());
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void aWhiteboardSubscriberReceivesWhileRegisteredAndNotAfter() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        ServiceRegistration<?> reg = context.registerService(BusSubscriber.class, new BusSubscriber<Ping>() {
            @Override
            public Class<Ping> type() {
                return Ping.class;
            }

            @Override
            public void receive(String topic, Ping ping) {
                got.add(topic + ":" + ping.text());
            }
        }, props("pings/+"));

        bus.publish("pings/a", new Ping("hello"));
        assertEquals("pings/a:hello", got.poll(10, TimeUnit.SECONDS));

        reg.unregister();
        bus.publish("pings/a", new Ping("gone"));
        // Delivery is synchronous in the publisher's thread: once publish returns, nothing more can come.
        assertTrue(got.isEmpty());
        assertEquals(1, bus.stats().get("pings/a").delivered());
    }

    @Test
    public void aWhiteboardHandlerServesRequestsWhileRegistered() {
        ServiceRegistration<?> reg = context.registerService(BusHandler.class, new BusHandler<Ping, String>() {
            @Override
            public Class<Ping> type() {
                return Ping.class;
            }

            @Override
            public String handle(Ping request) {
                return "echo " + request.text();
            }
        }, props("echo"));

        assertEquals("echo x", bus.request("echo", new Ping("x"), String.class, Duration.ofSeconds(5)).toCompletableFuture().join());

        reg.unregister();
        try {
            bus.request("echo", new Ping("y"), String.class, Duration.ofSeconds(5)).toCompletableFuture().join();
            throw new AssertionError("served after the handler was unregistered");
        } catch (CompletionException e) {
            assertEquals(BusException.Reason.NO_HANDLER, ((BusException) e.getCause()).reason());
        }
    }

    private static Hashtable<String, Object> props(String topic) {
        return new Hashtable<>(Map.of(BusSubscriber.TOPIC, topic));
    }
}
