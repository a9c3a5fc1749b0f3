package dev.cairn.broker;

import dev.cairn.bus.access.FleetAcl;
import dev.cairn.bus.access.Grants;
import dev.cairn.management.api.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One enrolled client, checked: its name (the MQTT user name), role, password hash and grants. Checking a
 * password against the hash costs ~80 ms by design; once one has matched, its SHA-256 is kept, so that the
 * client's reconnects (and the broker's re-checks at every publish) compare a digest instead. A new configuration
 * is a new {@code Client}, so what was verified under the old one is forgotten with it.
 */
final class Client {
    enum Role { NODE, OPERATOR }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String name;
    private final Role role;
    private final String passwordHash;
    private final Grants grants;
    /** SHA-256 of the password that last matched {@link #passwordHash}; null until one has. */
    private volatile byte[] verified;

    private Client(String name, Role role, String passwordHash, Grants grants) {
        this.name = name;
        this.role = role;
        this.passwordHash = passwordHash;
        this.grants = grants;
    }

    /** Throws {@link IllegalArgumentException} naming the key that is wrong. */
    static Client of(ClientConfig config) {
        String name = config.name() == null ? "" : config.name().trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-64 letters, digits, '.', '_' or '-', not '" + name + "'");
        }
        String role = config.role() == null ? "" : config.role().trim();
        Role r = switch (role) {
            case "node" -> Role.NODE;
            case "operator" -> Role.OPERATOR;
            default -> throw new IllegalArgumentException("role of client " + name + " must be node or operator, not '" + role + "'");
        };
        String hash = config._password() == null ? "" : config._password().trim();
        try {
            PasswordHash.check(hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(".password of client " + name + " must be a password hash (cairnctl"
                    + " hash-password): " + e.getMessage(), e);
        }
        Map<Grants.Action, List<String>> lists = new EnumMap<>(Grants.Action.class);
        lists.put(Grants.Action.PUBLISH, list(config.publish()));
        lists.put(Grants.Action.SUBSCRIBE, list(config.subscribe()));
        lists.put(Grants.Action.SERVE, list(config.serve()));
        lists.put(Grants.Action.CALL, list(config.call()));
        Grants grants;
        try {
            grants = Grants.of(lists);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("grants of client " + name + ": " + e.getMessage(), e);
        }
        if (r == Role.OPERATOR && !grants.isEmpty()) {
            throw new IllegalArgumentException("client " + name + " is an operator, whose rights are fixed: it takes no"
                    + " publish, subscribe, serve or call grants");
        }
        return new Client(name, r, hash, grants);
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    String name() {
        return name;
    }

    Role role() {
        return role;
    }

    /** What it may publish and subscribe to in fleet {@code prefix}. */
    FleetAcl acl(String prefix) {
        return role == Role.OPERATOR ? FleetAcl.operator(prefix) : FleetAcl.node(prefix, name, grants);
    }

    /** True when both would let in the same password: the same hash. */
    boolean sameSecret(Client other) {
        return passwordHash.equals(other.passwordHash);
    }

    boolean accepts(String password) {
        byte[] digest = sha256(password);
        byte[] known = verified;
        if (known != null) return MessageDigest.isEqual(known, digest);
        if (!PasswordHash.matches(passwordHash, password.toCharArray())) return false;
        verified = digest;
        return true;
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "client " + name + " (" + role.name().toLowerCase() + (role == Role.NODE ? ", grants: " + grants : "") + ")";
    }
}
