package dev.cairn.broker;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded MQTT 5 broker for a node with no broker to talk to. It exists only while its configuration does:
 * unconfigured, not a class of Artemis is loaded.
 */
@Component(name = Broker.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = BrokerConfig.class)
public final class Broker {
    static final String PID = "dev.cairn.broker";
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerSettings settings;
    private final EmbeddedArtemis artemis;

    @Activate
    public Broker(BrokerConfig config, BundleContext context) {
        this(config, dataArea(context));
    }

    /** {@code data}: where the journal (persistent) or the overflow pages (in memory) are kept. */
    public Broker(BrokerConfig config, Path data) {
        settings = BrokerSettings.of(config);
        ArtemisLog.keepToWarnings();
        long t0 = System.nanoTime();
        artemis = EmbeddedArtemis.start(settings, data);
        LOG.info("MQTT broker listening on {} ({}) in {} ms", settings.address(),
                settings.persistent() ? "persistent, journal in " + data : "in memory",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Deactivate
    public void close() {
        try {
            artemis.stop();
            LOG.info("MQTT broker on {} stopped", settings.address());
        } catch (Exception e) {
            LOG.error("MQTT broker on {} did not stop cleanly", settings.address(), e);
        }
    }

    private static Path dataArea(BundleContext context) {
        File data = context.getDataFile("");
        if (data == null) throw new IllegalStateException("the framework gives bundle " + context.getBundle()
                .getSymbolicName() + " no data area to keep the broker's files in");
        return data.toPath().resolve("artemis");
    }
}
