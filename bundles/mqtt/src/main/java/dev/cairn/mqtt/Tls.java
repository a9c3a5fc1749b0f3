package dev.cairn.mqtt;

import dev.cairn.mqtt.sockets.NoDelaySslSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS socket factory from the configured trust store and optional client key store. */
final class Tls {
    private Tls() {
    }

    /** Loads both stores now, so that a wrong path or password fails activation with the property named. */
    static SSLSocketFactory socketFactory(MqttConfig c) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(c.tls_truststore_path().isBlank() ? null
                    : load("tls.truststore", c.tls_truststore_path(), c.tls_truststore_type(), c._tls_truststore_password()));
            KeyManagerFactory keys = null;
            if (!c.tls_keystore_path().isBlank()) {
                KeyStore store = load("tls.keystore", c.tls_keystore_path(), c.tls_keystore_type(), c._tls_keystore_password());
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, c._tls_keystore_password().toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new NoDelaySslSocketFactory(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls.keystore.path", "the client key cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String prefix, String path, String type, String password) {
        Path file = Path.of(path);
        if (!Files.isReadable(file)) throw new ConfigException(prefix + ".path", "'" + path + "' is not a readable file");
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(prefix + ".type", "'" + type + "' is not a key store type of this JVM");
        }
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // the JDK reports a wrong password as an IOException whose cause is an UnrecoverableKeyException
            throw new ConfigException(prefix + ".path", "'" + path + "' cannot be read as " + type
                    + " with the configured password: " + e.getMessage(), e);
        }
    }
}
