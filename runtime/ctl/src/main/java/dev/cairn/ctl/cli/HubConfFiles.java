package dev.cairn.ctl.cli;

import dev.cairn.bus.access.Grants;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.NodeStatus;
import dev.cairn.management.api.PasswordHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded broker's clients as files in a hub's {@code conf/} before it first starts (conf/ is read at start):
 * {@code DIR/dev.cairn.broker.client-NODE.json}, a deploy/-style JSON configuration, owner-only (it holds the
 * password's hash).
 */
final class HubConfFiles implements ClientRegistry {
    /** Where presence comes from, if anywhere: the broker may well not run yet. */
    interface PresenceSource {
        Optional<NodeStatus> presence(String name) throws CtlException;
    }

    private final Path dir;
    private final String prefix;
    private final PresenceSource presence;

    HubConfFiles(Path dir, String prefix, PresenceSource presence) {
        this.dir = dir;
        this.prefix = prefix;
        this.presence = presence;
    }

    @Override
    public String where() {
        return "the hub configuration in " + dir;
    }

    Path file(String name) {
        return dir.resolve(BrokerClientConfig.FACTORY_PID + "-" + name + ".json");
    }

    private Optional<Map<String, Object>> read(String name) throws CtlException {
        Path f = file(name);
        if (!Files.exists(f)) return Optional.empty();
        return Optional.of(Config.ApplyFile.read(f));
    }

    @Override
    public Optional<BrokerClient> find(String name) throws CtlException {
        return read(name).map(p -> BrokerClientConfig.client(prefix, name, p, List.of("as written in " + file(name))));
    }

    @Override
    public BrokerClient enroll(String name, BrokerClient.Role role, Grants grants, char[] password, boolean force) throws CtlException {
        if (!force && Files.exists(file(name))) throw ClientRegistry.exists(name, where());
        write(name, BrokerClientConfig.properties(name, role, grants, PasswordHash.of(password)));
        return new BrokerClient(name, role, BrokerClient.rules(prefix, name, role, grants), List.of("wrote " + file(name)));
    }

    @Override
    public BrokerClient grant(String name, Grants grants) throws CtlException {
        Map<String, Object> now = read(name).orElseThrow(() -> ClientRegistry.unknown(name, where()));
        BrokerClient current = BrokerClientConfig.client(prefix, name, now, List.of());
        if (current.role() != BrokerClient.Role.NODE) throw ClientRegistry.notANode(current, where());
        Object hash = now.get(BrokerClientConfig.PASSWORD);
        write(name, BrokerClientConfig.properties(name, BrokerClient.Role.NODE, grants, hash == null ? "" : String.valueOf(hash)));
        return new BrokerClient(name, BrokerClient.Role.NODE, BrokerClient.rules(prefix, name, BrokerClient.Role.NODE, grants),
                List.of("wrote " + file(name) + "; the hub reads conf/ when it starts (a running hub: --broker-node HUB)"));
    }

    @Override
    public boolean revoke(String name) throws CtlException {
        try {
            return Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.FAILED, "cannot remove " + file(name) + ": " + e.getMessage(), e);
        }
    }

    private void write(String name, Map<String, Object> properties) throws CtlException {
        try {
            Files.createDirectories(dir);
            SecretFiles.write(file(name).toAbsolutePath(), Base.json(properties) + "\n");
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.FAILED, "cannot write " + file(name) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<NodeStatus> presence(String name) throws CtlException {
        return presence.presence(name);
    }

    @Override
    public void close() {
        // nothing held
    }
}
