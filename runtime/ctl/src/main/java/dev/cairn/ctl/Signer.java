package dev.cairn.ctl;

import dev.cairn.management.protocol.Keys;
import dev.cairn.management.protocol.SignedRequest;
import dev.cairn.management.protocol.Signatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The key that signs requests, and its id ({@link Keys#id} of the public key), which the node looks up in
 * its {@code conf/trusted-keys/}. A private key file {@code NAME.key} (or {@code NAME.pem}, or any name)
 * is read together with its public key {@code NAME.pub} beside it: the JDK cannot derive an Ed25519
 * public key from a private one, and the node needs the public key's id.
 */
public final class Signer {
    private final PrivateKey key;
    private final PublicKey publicKey;
    private final String keyId;

    public Signer(KeyPair pair) {
        this.key = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = Keys.id(publicKey);
    }

    /** Reads {@code privateKeyFile} and the public key beside it ({@link #publicKeyFile}); checks they belong together. */
    public static Signer load(Path privateKeyFile) throws CtlException {
        Path pub = publicKeyFile(privateKeyFile);
        if (!Files.isRegularFile(privateKeyFile))
            throw new CtlException(CtlException.Kind.USAGE, "no private key " + privateKeyFile + " (make one with: cairnctl keys init)");
        if (!Files.isRegularFile(pub))
            throw new CtlException(CtlException.Kind.USAGE, "no public key " + pub + " beside " + privateKeyFile
                    + " (cairnctl reads the key id from it)");
        try {
            KeyPair pair = new KeyPair(Keys.readPublic(pub), Keys.readPrivate(privateKeyFile));
            Signer signer = new Signer(pair);
            SignedRequest probe = Signatures.sign("probe", pair.getPrivate(), signer.keyId);
            if (!Signatures.verify(probe, pair.getPublic()))
                throw new CtlException(CtlException.Kind.USAGE, pub + " is not the public key of " + privateKeyFile);
            return signer;
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, e.getMessage(), e);
        }
    }

    /** {@code dir/NAME.pub} for {@code dir/NAME.EXT} (or {@code dir/NAME}). */
    public static Path publicKeyFile(Path privateKeyFile) {
        String name = privateKeyFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return privateKeyFile.resolveSibling(base + ".pub");
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public SignedRequest sign(String requestText) {
        return Signatures.sign(requestText, key, keyId);
    }

    /** Signs with this key but names another key id: for tests of forged requests. */
    public SignedRequest signAs(String requestText, String claimedKeyId) {
        return Signatures.sign(requestText, key, claimedKeyId);
    }
}
