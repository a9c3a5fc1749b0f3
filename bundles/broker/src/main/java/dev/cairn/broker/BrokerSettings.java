package dev.cairn.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The broker's configuration, checked: each refusal names the configuration key that was wrong. {@code tls} is null
 * when there is no TLS listener.
 */
record BrokerSettings(String host, int port, boolean persistent, int maxMessageBytes, long memoryBytes,
                      boolean authentication, String fleetPrefix, Tls tls) {
    static final int MAX_PACKET_KB = 262_143;   // MQTT's largest packet, 256 MiB - 1 byte, in whole KiB

    /** The TLS listener: its port and the key store with the broker's key and certificate. */
    record Tls(int port, Path keyStore, String password, String type) {
        @Override
        public String toString() {
            return "Tls[port=" + port + ", keyStore=" + keyStore + ", type=" + type + "]";   // never the password
        }
    }

    static BrokerSettings of(BrokerConfig config) {
        String host = config.host() == null ? "" : config.host().trim();
        if (host.isEmpty()) throw new IllegalArgumentException("host must not be blank");
        int port = config.port();
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port must be 1..65535, not " + port);
        int maxKb = config.maxMessage_kb();
        if (maxKb < 1 || maxKb > MAX_PACKET_KB) {
            throw new IllegalArgumentException("maxMessage.kb must be 1.." + MAX_PACKET_KB + ", not " + maxKb);
        }
        int memoryMb = config.memory_mb();
        if (memoryMb < 1) throw new IllegalArgumentException("memory.mb must be at least 1, not " + memoryMb);
        if (!config.authentication() && !isLoopback(host)) {
            throw new IllegalArgumentException("host " + host + " is beyond loopback, where anyone on the network could"
                    + " connect: set authentication = true and enroll each node (cairnctl enroll, README \"Securing a fleet\")");
        }
        String prefix = config.fleet_prefix() == null ? "" : config.fleet_prefix().trim();
        if (!prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("fleet.prefix must be one topic level of letters, digits, '.', '_' or '-', not '" + prefix + "'");
        }
        return new BrokerSettings(host, port, config.persistent(), maxKb * 1024, memoryMb * 1024L * 1024L,
                config.authentication(), prefix, tls(config, port));
    }

    private static Tls tls(BrokerConfig config, int port) {
        int tlsPort = config.tls_port();
        if (tlsPort == 0) return null;
        if (tlsPort < 0 || tlsPort > 65_535) throw new IllegalArgumentException("tls.port must be 0 (none) or 1..65535, not " + tlsPort);
        if (tlsPort == port) throw new IllegalArgumentException("tls.port must differ from port (" + port + ")");
        String path = config.tls_keystore_path() == null ? "" : config.tls_keystore_path().trim();
        if (path.isEmpty()) throw new IllegalArgumentException("tls.keystore.path must name the broker's key store when tls.port is set");
        Path keyStore = Path.of(path).toAbsolutePath();
        if (!Files.isReadable(keyStore)) throw new IllegalArgumentException("tls.keystore.path " + keyStore + " is not a readable file");
        String password = config._tls_keystore_password() == null ? "" : config._tls_keystore_password();
        if (password.isEmpty()) throw new IllegalArgumentException(".tls.keystore.password must be set when tls.port is set");
        String type = config.tls_keystore_type() == null ? "" : config.tls_keystore_type().trim();
        if (type.isEmpty()) throw new IllegalArgumentException("tls.keystore.type must not be blank");
        return new Tls(tlsPort, keyStore, password, type);
    }

    /**
     * localhost, 127.0.0.0/8 and ::1, from the text alone: a host name other than localhost is not resolved, so it
     * counts as beyond loopback whatever it resolves to today.
     */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) return true;
        if (host.matches("(\\d{1,3}\\.){3}\\d{1,3}")) return host.startsWith("127.") && Arrays.stream(host.split("\\."))
                .allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (host.indexOf(':') < 0) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();   // an IPv6 literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code 127.0.0.1:1883}, {@code [::1]:1883}. */
    String address() {
        return address(port);
    }

    String address(int onPort) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + onPort;
    }
}
