package dev.cairn.broker;

import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded MQTT 5 broker for a node with no broker to talk to. It exists only while its configuration does:
 * unconfigured, not a class of Artemis is loaded. With authentication on, it lets in only the clients enrolled in
 * {@link Clients}, each with the rights of its role and grants, and follows their changes while it runs.
 */
@Component(name = Broker.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = MetricSource.class, immediate = true)
@Designate(ocd = BrokerConfig.class)
public final class Broker implements MetricSource {
    static final String PID = "dev.cairn.broker";
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerSettings settings;
    private final Refusals refusals = new Refusals(LOG, System::nanoTime);
    private final Runnable unlisten;
    private final EmbeddedArtemis artemis;

    @Activate
    public Broker(BrokerConfig config, BundleContext context, @Reference Clients clients) {
        this(config, dataArea(context), clients);
    }

    /** A broker whose clients nobody enrolls: for authentication off. */
    public Broker(BrokerConfig config, Path data) {
        this(config, data, new Clients());
    }

    /** {@code data}: where the journal (persistent) or the overflow pages (in memory) are kept. */
    public Broker(BrokerConfig config, Path data, Clients clients) {
        settings = BrokerSettings.of(config);
        ArtemisLog.keepToWarnings();
        long t0 = System.nanoTime();
        EmbeddedArtemis.Access access = null;
        Runnable listening = () -> { };
        if (settings.authentication()) {
            ArtemisLog.leaveFailedLoginsToCairn();
            FleetSecurity security = new FleetSecurity(settings.fleetPrefix(), refusals);
            MqttSessions sessions = new MqttSessions(security);
            RevokedPresence revoked = new RevokedPresence(settings.fleetPrefix());
            access = new EmbeddedArtemis.Access(security, List.of(new SubscriptionGate(security, refusals),
                    new ClaimCheck(security, refusals), sessions, revoked));
            // before the start, so that no client is refused for having connected first
            listening = clients.listen((before, after) -> {
                security.changed(before, after);
                sessions.changed(before, after);
                revoked.changed(before, after);
            });
        }
        unlisten = listening;
        try {
            artemis = EmbeddedArtemis.start(settings, data, access);
        } catch (RuntimeException e) {
            unlisten.run();
            throw e;
        }
        LOG.info("MQTT broker listening on {}{} ({}, {}) in {} ms", settings.address(),
                settings.tls() == null ? "" : " and with TLS on " + settings.address(settings.tls().port()),
                settings.persistent() ? "persistent, journal in " + data : "in memory",
                settings.authentication() ? "enrolled clients only, fleet " + settings.fleetPrefix() : "no authentication",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Deactivate
    public void close() {
        unlisten.run();
        try {
            artemis.stop();
            LOG.info("MQTT broker on {} stopped", settings.address());
        } catch (Exception e) {
            LOG.error("MQTT broker on {} did not stop cleanly", settings.address(), e);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        for (Refusals.Reason r : Refusals.Reason.values()) {
            out.counter("cairn_broker_refused_total", "What the embedded MQTT broker refused, by reason",
                    refusals.count(r), "reason", r.label);
        }
    }

    private static Path dataArea(BundleContext context) {
        File data = context.getDataFile("");
        if (data == null) throw new IllegalStateException("the framework gives bundle " + context.getBundle()
                .getSymbolicName() + " no data area to keep the broker's files in");
        return data.toPath().resolve("artemis");
    }
}
