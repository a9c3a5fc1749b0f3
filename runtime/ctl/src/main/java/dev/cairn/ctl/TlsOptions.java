package dev.cairn.ctl;

import java.nio.file.Path;

/**
 * TLS towards the broker. {@code caFile}: PEM certificates to verify the broker with (null: the JDK's
 * trust store); the broker's host name is always verified. The client certificate, if any, comes either as
 * PEM files ({@code certFile} with its chain, {@code certKeyFile} an unencrypted PKCS#8 key) or as a
 * PKCS12 {@code keyStore}.
 */
public record TlsOptions(Path caFile, Path certFile, Path certKeyFile, Path keyStore, char[] keyStorePassword) {

    public static TlsOptions none() {
        return new TlsOptions(null, null, null, null, null);
    }

    public static TlsOptions trusting(Path caFile) {
        return new TlsOptions(caFile, null, null, null, null);
    }

    public TlsOptions withClientCertificate(Path certFile, Path certKeyFile) {
        return new TlsOptions(caFile, certFile, certKeyFile, null, null);
    }

    public TlsOptions withKeyStore(Path keyStore, char[] password) {
        return new TlsOptions(caFile, null, null, keyStore, password);
    }

    boolean configured() {
        return caFile != null || certFile != null || keyStore != null;
    }

    @Override
    public String toString() {
        return "TlsOptions[caFile=" + caFile + ", certFile=" + certFile + ", certKeyFile=" + certKeyFile
                + ", keyStore=" + keyStore + "]";
    }
}
