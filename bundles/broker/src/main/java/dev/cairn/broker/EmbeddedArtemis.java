package dev.cairn.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.management.MBeanServerFactory;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerBasePlugin;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/** One running Artemis server: started whole or not at all. */
final class EmbeddedArtemis {
    /** What enforces the clients' rights in a broker with authentication on. */
    record Access(ActiveMQSecurityManager manager, List<ActiveMQServerBasePlugin> plugins) {
    }

    private final ActiveMQServer server;
    private final Path spill;

    private EmbeddedArtemis(ActiveMQServer server, Path spill) {
        this.server = server;
        this.spill = spill;
    }

    /**
     * Starts Artemis; throws {@link IllegalStateException} naming the address when it cannot (a port in use).
     * {@code security}: null when authentication is off, else the security manager and the plugins that go with it.
     */
    static EmbeddedArtemis start(BrokerSettings settings, Path data, Access security) {
        Path spill = settings.persistent() ? null : ArtemisConfiguration.spillFolder(data);
        if (spill != null) deleteTree(spill);
        // Artemis's thread factories capture the context class loader: let it be this bundle's, not the caller's.
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedArtemis.class.getClassLoader());
        try {
            // An MBean server of its own: the JVM's platform one would be created (and filled) just for Artemis.
            ActiveMQSecurityManager manager = security == null
                    ? new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), new SecurityConfiguration())
                    : security.manager();
            ActiveMQServer server = new ActiveMQServerImpl(ArtemisConfiguration.of(settings, data),
                    MBeanServerFactory.newMBeanServer(), manager);
            if (security != null) security.plugins().forEach(server::registerBrokerPlugin);
            AtomicReference<Exception> failure = new AtomicReference<>();
            // Artemis logs a failed activation (such as a port in use) and carries on half started: catch it here.
            server.registerActivationFailureListener(failure::set);
            try {
                server.start();
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
            if (failure.get() == null && !server.isActive()) failure.set(new IllegalStateException("not active"));
            if (failure.get() != null) {
                stopQuietly(server);
                throw new IllegalStateException("MQTT broker on " + settings.address() + " failed to start: "
                        + rootMessage(failure.get()), failure.get());
            }
            return new EmbeddedArtemis(server, spill);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    void stop() throws Exception {
        try {
            server.stop();
        } finally {
            if (spill != null) deleteTree(spill);
        }
    }

    private static void stopQuietly(ActiveMQServer server) {
        try {
            server.stop();
        } catch (Exception | LinkageError e) {
            // the start failure is what gets reported
        }
    }

    /** The innermost cause is the telling one: "Address already in use". */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }
}
