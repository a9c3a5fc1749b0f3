package dev.cairn.ctl.cli;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** Broker passwords cairnctl makes: 32 random bytes, base64url without padding (43 characters, nothing to quote). */
final class Passwords {
    static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static char[] generate() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        byte[] text = Base64.getUrlEncoder().withoutPadding().encode(b);
        char[] out = new char[text.length];
        for (int i = 0; i < text.length; i++) out[i] = (char) text[i];
        Arrays.fill(b, (byte) 0);
        Arrays.fill(text, (byte) 0);
        return out;
    }
}
