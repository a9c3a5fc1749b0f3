package dev.cairn.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An {@link SSLContext} from PEM files or a PKCS12 key store, with errors that name the file. */
final class Tls {
    private static final char[] MEMORY_PASSWORD = "cairnctl".toCharArray();

    private Tls() {}

    static SSLContext context(TlsOptions o) throws CtlException {
        try {
            TrustManagerFactory tmf = null;
            if (o.caFile() != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(o.caFile())) trust.setCertificateEntry("ca" + i++, c);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (o.certFile() != null || o.keyStore() != null) {
                KeyStore keys;
                char[] password;
                if (o.keyStore() != null) {
                    password = o.keyStorePassword() == null ? new char[0] : o.keyStorePassword();
                    keys = KeyStore.getInstance("PKCS12");
                    try (InputStream in = Files.newInputStream(o.keyStore())) {
                        keys.load(in, password);
                    } catch (IOException e) {
                        throw new CtlException(CtlException.Kind.USAGE, o.keyStore() + ": cannot open the key store (" + e.getMessage() + ")", e);
                    }
                } else {
                    if (o.certKeyFile() == null)
                        throw new CtlException(CtlException.Kind.USAGE, "--cert needs --cert-key (the certificate's private key, PEM)");
                    password = MEMORY_PASSWORD;
                    keys = KeyStore.getInstance("PKCS12");
                    keys.load(null, null);
                    Collection<? extends Certificate> chain = certificates(o.certFile());
                    keys.setKeyEntry("client", privateKey(o.certKeyFile()), password, chain.toArray(new Certificate[0]));
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new CtlException(CtlException.Kind.USAGE, "TLS settings: " + e.getMessage(), e);
        }
    }

    static Collection<? extends Certificate> certificates(Path pem) throws CtlException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new CtlException(CtlException.Kind.USAGE, pem + ": no certificate in it");
            return certs;
        } catch (IOException | GeneralSecurityException e) {
            throw new CtlException(CtlException.Kind.USAGE, pem + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** An unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) of type RSA, EC or Ed25519. */
    static PrivateKey privateKey(Path pem) throws CtlException {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, pem + ": cannot read (" + e.getMessage() + ")", e);
        }
        String begin = "-----BEGIN PRIVATE KEY-----", end = "-----END PRIVATE KEY-----";
        int from = text.indexOf(begin), to = text.indexOf(end);
        if (from < 0 || to < from)
            throw new CtlException(CtlException.Kind.USAGE, pem + ": no unencrypted PKCS#8 key ('" + begin + "'); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + pem.getFileName() + " -out key.pem");
        byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // try the next algorithm
            }
        }
        throw new CtlException(CtlException.Kind.USAGE, pem + ": not an RSA, EC or Ed25519 private key");
    }
}
