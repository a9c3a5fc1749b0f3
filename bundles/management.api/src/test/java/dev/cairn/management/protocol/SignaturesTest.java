package dev.cairn.management.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignaturesTest {
    private final KeyPair pair = Keys.generate();
    private final String id = Keys.id(pair.getPublic());

    @Test
    void aSignedRequestVerifiesWithItsKeyOnly() {
        SignedRequest signed = Signatures.sign("{\"op\":\"node.info\"}", pair.getPrivate(), id);
        assertThat(Signatures.verify(signed, pair.getPublic())).isTrue();
        assertThat(Signatures.verify(signed, Keys.generate().getPublic())).isFalse();
    }

    @Test
    void anyChangeToTheTextOrSignatureBreaksIt() {
        SignedRequest signed = Signatures.sign("{\"op\":\"node.info\"}", pair.getPrivate(), id);
        assertThat(Signatures.verify(new SignedRequest("{\"op\":\"node.infO\"}", id, signed.sig()), pair.getPublic())).isFalse();
        char[] sig = signed.sig().toCharArray();
        sig[3] = sig[3] == 'A' ? 'B' : 'A';
        assertThat(Signatures.verify(new SignedRequest(signed.request(), id, new String(sig)), pair.getPublic())).isFalse();
        assertThat(Signatures.verify(new SignedRequest(signed.request(), id, "not base64!"), pair.getPublic())).isFalse();
    }

    @Test
    void keysSurviveTheirPemFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("k.pub"), Keys.publicPem(pair.getPublic()));
        Files.writeString(dir.resolve("k"), Keys.privatePem(pair.getPrivate()));
        SignedRequest signed = Signatures.sign("x", Keys.readPrivate(dir.resolve("k")), id);
        assertThat(Signatures.verify(signed, Keys.readPublic(dir.resolve("k.pub")))).isTrue();
        assertThat(Keys.id(Keys.readPublic(dir.resolve("k.pub")))).isEqualTo(id).hasSize(32);
    }

    @Test
    void aFileThatIsNoKeySaysSo(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("k.pub"), "hello");
        assertThatThrownBy(() -> Keys.readPublic(dir.resolve("k.pub"))).hasMessageContaining("no '-----BEGIN PUBLIC KEY-----' block");
        Files.writeString(dir.resolve("k.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> Keys.readPublic(dir.resolve("k.pub"))).hasMessageContaining("not an Ed25519 public key");
    }
}
