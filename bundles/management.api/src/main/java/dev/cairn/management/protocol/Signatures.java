package dev.cairn.management.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Ed25519 signatures of request texts. */
public final class Signatures {
    private Signatures() {}

    public static SignedRequest sign(String request, PrivateKey key, String keyId) {
        try {
            Signature s = Signature.getInstance(Keys.ALGORITHM);
            s.initSign(key);
            s.update(request.getBytes(StandardCharsets.UTF_8));
            return new SignedRequest(request, keyId, Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + keyId + ": " + e.getMessage(), e);
        }
    }

    /** False for a signature that does not match, and for one that is not even base64. */
    public static boolean verify(SignedRequest signed, PublicKey key) {
        try {
            byte[] sig = Base64.getDecoder().decode(signed.sig());
            Signature s = Signature.getInstance(Keys.ALGORITHM);
            s.initVerify(key);
            s.update(signed.request().getBytes(StandardCharsets.UTF_8));
            return s.verify(sig);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
