package dev.cairn.management.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void theHashIsPbkdf2HmacSha256AsRfc7914Computes() {
        byte[] salt = "salt".getBytes(StandardCharsets.UTF_8);
        // RFC 7914, section 11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1), the first 32 bytes
        byte[] expected = HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();

        assertThat(PasswordHash.of("passwd".toCharArray(), salt, 1))
                .isEqualTo("pbkdf2-sha256$1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(expected));
    }

    @Test
    void aHashMatchesItsPasswordOnlyAndEachHashHasItsOwnSalt() {
        String stored = PasswordHash.of("a-long-secret".toCharArray());

        assertThat(stored).startsWith("pbkdf2-sha256$310000$").doesNotContain("=").doesNotContain("{");
        assertThat(PasswordHash.matches(stored, "a-long-secret".toCharArray())).isTrue();
        assertThat(PasswordHash.matches(stored, "a-long-secreT".toCharArray())).isFalse();
        assertThat(PasswordHash.of("a-long-secret".toCharArray())).isNotEqualTo(stored);
    }

    @Test
    void aMalformedHashIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> PasswordHash.check("plain-text")).hasMessageContaining("does not start with pbkdf2-sha256$");
        assertThatThrownBy(() -> PasswordHash.check("pbkdf2-sha256$1000$c2FsdA")).hasMessageContaining("3 parts");
        assertThatThrownBy(() -> PasswordHash.check("pbkdf2-sha256$many$c2FsdA$aGFzaA")).hasMessageContaining("must be a number, not 'many'");
        assertThatThrownBy(() -> PasswordHash.check("pbkdf2-sha256$0$c2FsdA$aGFzaA")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> PasswordHash.check("pbkdf2-sha256$1000$c2F*dA$aGFzaA")).hasMessageContaining("salt of a password hash must be base64");
        assertThatThrownBy(() -> PasswordHash.check("pbkdf2-sha256$1000$c2FsdA$")).hasMessageContaining("hash of a password hash is empty");
        PasswordHash.check("pbkdf2-sha256$1000$c2FsdA$aGFzaA");
    }
}
