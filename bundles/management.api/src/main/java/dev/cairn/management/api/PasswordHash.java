package dev.cairn.management.api;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password kept as a PBKDF2-HMAC-SHA256 hash (the JDK's own), so that a configuration file holds no
 * password: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, salt and hash in base64 without padding
 * (nothing a {@code .cfg} file would read as a separator or a variable). {@code cairnctl hash-password}
 * makes one.
 */
public final class PasswordHash {
    public static final String PREFIX = "pbkdf2-sha256$";
    /** OWASP's 2021 figure for PBKDF2-HMAC-SHA256: about 0.1 s on a server core, under a second on a Pi 4. */
    public static final int ITERATIONS = 310_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** True when {@code stored} claims to be a hash (it may still be malformed: {@link #check}). */
    public static boolean isHash(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** A new hash of {@code password} with a random salt. */
    public static String of(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return of(password, salt, ITERATIONS);
    }

    static String of(char[] password, byte[] salt, int iterations) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations, HASH_BYTES));
    }

    /** Throws {@code IllegalArgumentException} saying what is wrong when {@code stored} is not a well-formed hash. */
    public static void check(String stored) {
        parse(stored);
    }

    /** True when {@code password} is the one {@code stored} was made from; the comparison takes constant time. */
    public static boolean matches(String stored, char[] password) {
        Parsed p = parse(stored);
        return MessageDigest.isEqual(p.hash(), derive(password, p.salt(), p.iterations(), p.hash().length));
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        if (!isHash(stored)) throw new IllegalArgumentException("not a password hash: it does not start with " + PREFIX);
        String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) throw new IllegalArgumentException("a password hash has 3 parts after " + PREFIX + " (iterations$salt$hash), not " + parts.length);
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iterations of a password hash must be a number, not '" + parts[0] + "'", e);
        }
        if (iterations < 1) throw new IllegalArgumentException("the iterations of a password hash must be at least 1, not " + iterations);
        byte[] salt = base64(parts[1], "salt");
        byte[] hash = base64(parts[2], "hash");
        return new Parsed(iterations, salt, hash);
    }

    private static byte[] base64(String text, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " of a password hash must be base64: " + e.getMessage(), e);
        }
        if (bytes.length == 0) throw new IllegalArgumentException("the " + what + " of a password hash is empty");
        return bytes;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
