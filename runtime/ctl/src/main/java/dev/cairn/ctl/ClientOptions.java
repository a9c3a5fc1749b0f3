package dev.cairn.ctl;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the fleet: broker URL ({@code tcp://} or {@code ssl://}), fleet prefix, credentials, TLS
 * and the key that signs requests. Immutable; the {@code with…} methods return changed copies.
 */
public record ClientOptions(String brokerUrl, String fleet, String username, char[] password, TlsOptions tls,
                            Signer signer, Duration connectTimeout) {
    public static final String DEFAULT_BROKER = "tcp://127.0.0.1:1883";
    public static final String DEFAULT_FLEET = "cairn";

    public ClientOptions {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(signer, "signer");
        tls = tls == null ? TlsOptions.none() : tls;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        if (!brokerUrl.startsWith("tcp://") && !brokerUrl.startsWith("ssl://"))
            throw new IllegalArgumentException("broker URL '" + brokerUrl + "' is not tcp://host:port or ssl://host:port");
        if (fleet.isEmpty() || fleet.contains("/") || fleet.contains("+") || fleet.contains("#"))
            throw new IllegalArgumentException("fleet prefix '" + fleet + "' must be one topic level");
    }

    /** The broker login alone, without fleet and key. */
    public BrokerLogin login() {
        return new BrokerLogin(brokerUrl, username, password, tls, connectTimeout);
    }

    public static ClientOptions of(String brokerUrl, Signer signer) {
        return new ClientOptions(brokerUrl, DEFAULT_FLEET, null, null, null, signer, null);
    }

    public ClientOptions withFleet(String fleet) {
        return new ClientOptions(brokerUrl, fleet, username, password, tls, signer, connectTimeout);
    }

    public ClientOptions withCredentials(String username, char[] password) {
        return new ClientOptions(brokerUrl, fleet, username, password, tls, signer, connectTimeout);
    }

    public ClientOptions withTls(TlsOptions tls) {
        return new ClientOptions(brokerUrl, fleet, username, password, tls, signer, connectTimeout);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(brokerUrl, fleet, username, password, tls, signer, timeout);
    }

    @Override
    public String toString() {   // never the password
        return "ClientOptions[broker=" + brokerUrl + ", fleet=" + fleet + ", username=" + username + ", tls=" + tls
                + ", key=" + signer.keyId() + "]";
    }
}
