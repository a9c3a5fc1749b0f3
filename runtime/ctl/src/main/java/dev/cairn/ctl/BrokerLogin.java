package dev.cairn.ctl;

import java.time.Duration;
import java.util.Objects;

/**
 * How to log in to the broker, without a signing key: URL ({@code tcp://} or {@code ssl://}), user name and
 * password, TLS. What the broker's own administration needs (Mosquitto's dynamic-security plugin); a
 * {@link ClientOptions} adds the fleet and the key that signs management requests.
 */
public record BrokerLogin(String brokerUrl, String username, char[] password, TlsOptions tls, Duration connectTimeout) {
    public BrokerLogin {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        tls = tls == null ? TlsOptions.none() : tls;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        if (!brokerUrl.startsWith("tcp://") && !brokerUrl.startsWith("ssl://"))
            throw new IllegalArgumentException("broker URL '" + brokerUrl + "' is not tcp://host:port or ssl://host:port");
    }

    public static BrokerLogin of(String brokerUrl, String username, char[] password) {
        return new BrokerLogin(brokerUrl, username, password, null, null);
    }

    @Override
    public String toString() {   // never the password
        return "BrokerLogin[broker=" + brokerUrl + ", username=" + username + ", tls=" + tls + "]";
    }
}
