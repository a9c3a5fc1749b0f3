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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The key that signs requests, and its id ({@link Keys#id} of the public key), which the node looks up in
 * its {@code conf/trusted-keys/}. A private key file {@code NAME.key} (or {@code NAME.pem}, or any name)
 * is read together with its public key {@code NAME.pub} beside it: the JDK cannot derive an Ed25519
 * public key from a private one, and the node needs the public key's id.
 */
public final class Signer {
    /** The key itself, read at once ({@link #load}) or at its first use ({@link #onFirstUse}). */
    private record Key(PrivateKey key, PublicKey publicKey, String keyId) {
    }

    /** Run at the key's first use (and at once by {@link #load}); a done task runs no more. */
    private final FutureTask<Key> key;

    public Signer(KeyPair pair) {
        this(() -> new Key(pair.getPrivate(), pair.getPublic(), Keys.id(pair.getPublic())));
    }

    private Signer(Callable<Key> read) {
        this.key = new FutureTask<>(read);
    }

    /** Reads {@code privateKeyFile} and the public key beside it ({@link #publicKeyFile}); checks they belong together. */
    public static Signer load(Path privateKeyFile) throws CtlException {
        Key now = read(privateKeyFile);
        return new Signer(() -> now);
    }

    /**
     * As {@link #load}, but only the files' presence is checked now; they are read and checked at the key's first use.
     * Reading an Ed25519 key pair and proving they belong together is the first use of the JDK's security providers
     * in the JVM (75–130 ms without a class-data archive), and a command that only reads presence
     * ({@code cairnctl nodes}) never needs the key. A key that turns out unreadable fails its first use with an
     * {@link IllegalArgumentException} that says why (cairnctl's usage error).
     */
    public static Signer onFirstUse(Path privateKeyFile) throws CtlException {
        present(privateKeyFile);
        return new Signer(() -> read(privateKeyFile));
    }

    private static void present(Path privateKeyFile) throws CtlException {
        Path pub = publicKeyFile(privateKeyFile);
        if (!Files.isRegularFile(privateKeyFile))
            throw new CtlException(CtlException.Kind.USAGE, "no private key " + privateKeyFile + " (make one with: cairnctl keys init)");
        if (!Files.isRegularFile(pub))
            throw new CtlException(CtlException.Kind.USAGE, "no public key " + pub + " beside " + privateKeyFile
                    + " (cairnctl reads the key id from it)");
    }

    private static Key read(Path privateKeyFile) throws CtlException {
        present(privateKeyFile);
        Path pub = publicKeyFile(privateKeyFile);
        try {
            KeyPair pair = new KeyPair(Keys.readPublic(pub), Keys.readPrivate(privateKeyFile));
            String id = Keys.id(pair.getPublic());
            SignedRequest probe = Signatures.sign("probe", pair.getPrivate(), id);
            if (!Signatures.verify(probe, pair.getPublic()))
                throw new CtlException(CtlException.Kind.USAGE, pub + " is not the public key of " + privateKeyFile);
            return new Key(pair.getPrivate(), pair.getPublic(), id);
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.USAGE, e.getMessage(), e);
        }
    }

    private Key key() {
        key.run();
        try {
            return key.get();
        } catch (ExecutionException e) {
            Throwable why = e.getCause();
            throw new IllegalArgumentException(why.getMessage(), why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the key", e);
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
        return key().keyId();
    }

    public PublicKey publicKey() {
        return key().publicKey();
    }

    public SignedRequest sign(String requestText) {
        Key k = key();
        return Signatures.sign(requestText, k.key(), k.keyId());
    }

    /** Signs with this key but names another key id: for tests of forged requests. */
    public SignedRequest signAs(String requestText, String claimedKeyId) {
        return Signatures.sign(requestText, key().key(), claimedKeyId);
    }
}
