package dev.cairn.broker;

import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@value #PID} factory configuration: enrolls its client while it exists. A change is applied in place
 * ({@code @Modified}), so the broker sees it as a change of that client; a configuration that does not check
 * enrolls nobody, also when it was fine before: a mistyped change locks the client out rather than leaving it
 * rights nobody meant.
 */
@Component(name = BrokerClient.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ClientConfig.class, factory = true)
public final class BrokerClient {
    static final String PID = "dev.cairn.broker.client";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerClient.class);

    private final Clients clients;
    private final String pid;

    @Activate
    public BrokerClient(ClientConfig config, Map<String, Object> properties, @Reference Clients clients) {
        this.clients = clients;
        this.pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        enroll(config);
    }

    @Modified
    void modified(ClientConfig config) {
        enroll(config);
    }

    /**
     * The configuration deleted (or the component disabled): the client is removed, which cuts it off. When the
     * bundle stops, the broker stops with it: the client is left as it is, so that stopping or updating the bundle
     * does not end every client's session as a removal would.
     */
    @Deactivate
    void close(int reason) {
        if (reason == ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED || reason == ComponentConstants.DEACTIVATION_REASON_DISPOSED) return;
        clients.remove(pid);
        LOG.info("MQTT broker client configuration {} removed", pid);
    }

    private void enroll(ClientConfig config) {
        try {
            Client client = Client.of(config);
            clients.put(pid, client);
            LOG.info("MQTT broker {} enrolled from configuration {}", client, pid);
        } catch (IllegalArgumentException e) {
            clients.remove(pid);
            throw e;
        }
    }
}
