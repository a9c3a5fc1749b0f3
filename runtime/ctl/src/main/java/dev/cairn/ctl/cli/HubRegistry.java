package dev.cairn.ctl.cli;

import dev.cairn.bus.access.Grants;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.ManagementClient;
import dev.cairn.ctl.NodeStatus;
import dev.cairn.management.api.PasswordHash;
import dev.cairn.management.api.Secrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded broker's clients on its running node HUB, through signed management requests: {@code config.list}
 * to find one, {@code config.put} (replacing it whole) to make or change it, {@code config.delete} to remove it. A
 * grant sends the password back as the management mask, which keeps the hash the node has.
 */
final class HubRegistry implements ClientRegistry {
    private final ManagementClient client;
    private final String hub;
    private final String prefix;
    private final Duration timeout;

    HubRegistry(ManagementClient client, String hub, String prefix, Duration timeout) {
        this.client = client;
        this.hub = hub;
        this.prefix = prefix;
        this.timeout = timeout;
    }

    @Override
    public String where() {
        return "the embedded broker of node " + hub;
    }

    /** A configuration found: its PID (ConfigAdmin's {@code factoryPid~name}, or what FileInstall made) and properties. */
    private record Found(String pid, Map<String, Object> properties) {
    }

    private Optional<Found> lookup(String name) throws CtlException {
        Object list = client.result(hub, "config.list", Map.of(), timeout);
        if (list instanceof List<?> rows) {
            for (Object o : rows) {
                Map<String, Object> row = Base.map(o);
                String pid = String.valueOf(row.get("pid"));
                Map<String, Object> properties = Base.map(row.get("properties"));
                boolean ours = BrokerClientConfig.FACTORY_PID.equals(row.get("factoryPid")) || pid.startsWith(BrokerClientConfig.FACTORY_PID + "~");
                if (ours && (pid.equals(BrokerClientConfig.FACTORY_PID + "~" + name) || name.equals(properties.get("name"))))
                    return Optional.of(new Found(pid, properties));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<BrokerClient> find(String name) throws CtlException {
        return lookup(name).map(f -> BrokerClientConfig.client(prefix, name, f.properties(), List.of()));
    }

    @Override
    public BrokerClient enroll(String name, BrokerClient.Role role, Grants grants, char[] password, boolean force) throws CtlException {
        Optional<Found> found = lookup(name);
        if (found.isPresent() && !force) throw ClientRegistry.exists(name, where());
        put(found, name, BrokerClientConfig.properties(name, role, grants, PasswordHash.of(password)));
        return new BrokerClient(name, role, BrokerClient.rules(prefix, name, role, grants), List.of());
    }

    @Override
    public BrokerClient grant(String name, Grants grants) throws CtlException {
        Found found = lookup(name).orElseThrow(() -> ClientRegistry.unknown(name, where()));
        BrokerClient current = BrokerClientConfig.client(prefix, name, found.properties(), List.of());
        if (current.role() != BrokerClient.Role.NODE) throw ClientRegistry.notANode(current, where());
        put(Optional.of(found), name, BrokerClientConfig.properties(name, BrokerClient.Role.NODE, grants, Secrets.MASK));
        return new BrokerClient(name, BrokerClient.Role.NODE, BrokerClient.rules(prefix, name, BrokerClient.Role.NODE, grants), List.of());
    }

    private void put(Optional<Found> found, String name, Map<String, Object> properties) throws CtlException {
        Map<String, Object> args = new LinkedHashMap<>();
        if (found.isPresent()) {
            args.put("pid", found.get().pid());
        } else {
            args.put("factoryPid", BrokerClientConfig.FACTORY_PID);
            args.put("name", name);
        }
        args.put("properties", properties);
        args.put("replace", true);
        client.result(hub, "config.put", args, timeout);
    }

    @Override
    public boolean revoke(String name) throws CtlException {
        Optional<Found> found = lookup(name);
        if (found.isEmpty()) return false;
        client.result(hub, "config.delete", Map.of("pid", found.get().pid()), timeout);
        return true;
    }

    @Override
    public Optional<NodeStatus> presence(String name) throws CtlException {
        return client.nodes().stream().filter(n -> n.node().equals(name)).findFirst();
    }

    @Override
    public void close() {
        // the connection is the command's, closed when it ends
    }
}
