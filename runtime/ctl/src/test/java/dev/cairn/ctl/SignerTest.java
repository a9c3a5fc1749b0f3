package dev.cairn.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.management.protocol.Keys;
import dev.cairn.management.protocol.Signatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key read now or at its first use: the same signatures, and the same errors, only later for a broken file. */
class SignerTest {
    @TempDir
    Path dir;

    private Path write(String name, KeyPair pub, KeyPair priv) throws Exception {
        Files.writeString(dir.resolve(name + ".pub"), Keys.publicPem(pub.getPublic()));
        return Files.writeString(dir.resolve(name + ".key"), Keys.privatePem(priv.getPrivate()));
    }

    @Test
    void aKeyReadAtItsFirstUseSignsAsOneReadAtOnce() throws Exception {
        KeyPair pair = Keys.generate();
        Path key = write("ops", pair, pair);
        Signer later = Signer.onFirstUse(key);
        Signer now = Signer.load(key);

        assertThat(later.keyId()).isEqualTo(now.keyId()).isEqualTo(Keys.id(pair.getPublic()));
        assertThat(Signatures.verify(later.sign("{\"op\":\"node.info\"}"), pair.getPublic())).isTrue();
    }

    @Test
    void aMissingKeyIsRefusedAtOnceWithWhatToDo() {
        assertThatThrownBy(() -> Signer.onFirstUse(dir.resolve("none.key")))
                .isInstanceOfSatisfying(CtlException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining("no private key").hasMessageContaining("cairnctl keys init");
    }

    @Test
    void aPublicKeyOfAnotherPairFailsTheFirstUseWithTheReason() throws Exception {
        Path key = write("mixed", Keys.generate(), Keys.generate());
        Signer later = Signer.onFirstUse(key);

        assertThatThrownBy(later::keyId).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the public key of " + key);
        assertThatThrownBy(() -> Signer.load(key)).isInstanceOf(CtlException.class)
                .hasMessageContaining("is not the public key of " + key);
    }

    @Test
    void anUnreadableKeyFileFailsTheFirstUse() throws Exception {
        Path key = write("broken", Keys.generate(), Keys.generate());
        Files.writeString(key, "not a key");
        assertThatThrownBy(() -> Signer.onFirstUse(key).sign("x")).isInstanceOf(IllegalArgumentException.class);
    }
}
