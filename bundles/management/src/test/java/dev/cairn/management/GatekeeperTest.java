package dev.cairn.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import dev.cairn.management.protocol.Keys;
import dev.cairn.management.protocol.SignedRequest;
import dev.cairn.management.protocol.Signatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatekeeperTest {
    private static final long NOW = 1_800_000_000_000L;
    private final KeyPair trusted = Keys.generate();
    private final KeyPair stranger = Keys.generate();
    private Gatekeeper gate;

    @BeforeEach
    void trust(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ops.pub"), Keys.publicPem(trusted.getPublic()));
        Files.writeString(dir.resolve("notes.pub"), "not a key at all");
        gate = new Gatekeeper("n1", new TrustedKeys(List.of(dir)), new Nonces(120_000, 3), 60_000, 4096);
    }

    @Test
    void aSignedFreshRequestForThisNodePasses() throws OperationException {
        Request r = gate.admit(signed(request("n1", NOW, "a"), trusted), NOW);
        assertThat(r.op()).isEqualTo("node.info");
        assertThat(r.args()).containsEntry("pid", "x");
    }

    @Test
    void eachWayOfFailingHasItsOwnCode() {
        refused(() -> gate.admit(new SignedRequest(request("n1", NOW, "b"), null, null), NOW), ErrorCode.UNSIGNED);
        refused(() -> gate.admit(signed(request("n1", NOW, "c"), stranger), NOW), ErrorCode.UNTRUSTED_KEY);
        SignedRequest good = signed(request("n1", NOW, "d"), trusted);
        refused(() -> gate.admit(new SignedRequest(good.request().replace("node.info", "node.infx"), good.key(), good.sig()), NOW), ErrorCode.BAD_SIGNATURE);
        refused(() -> gate.admit(signed(request("n1", NOW - 61_000, "e"), trusted), NOW), ErrorCode.EXPIRED);
        refused(() -> gate.admit(signed(request("n1", NOW + 61_000, "f"), trusted), NOW), ErrorCode.EXPIRED);
        refused(() -> gate.admit(signed(request("n2", NOW, "g"), trusted), NOW), ErrorCode.BAD_REQUEST);
        refused(() -> gate.admit(signed("{\"op\":", trusted), NOW), ErrorCode.BAD_REQUEST);
        refused(() -> gate.admit(signed("x".repeat(5000), trusted), NOW), ErrorCode.TOO_LARGE);
    }

    @Test
    void aReplayIsRefusedUntilItCouldNoLongerPassTheClockCheck() throws OperationException {
        SignedRequest once = signed(request("n1", NOW, "h"), trusted);
        gate.admit(once, NOW);
        refused(() -> gate.admit(once, NOW + 1000), ErrorCode.REPLAYED);
        refused(() -> gate.admit(once, NOW + 60_000), ErrorCode.REPLAYED);
        refused(() -> gate.admit(once, NOW + 61_000), ErrorCode.EXPIRED);
    }

    @Test
    void aForgedRequestDoesNotUseUpTheNonceOfTheRealOne() throws OperationException {
        String text = request("n1", NOW, "i");
        refused(() -> gate.admit(signed(text, stranger), NOW), ErrorCode.UNTRUSTED_KEY);
        assertThat(gate.admit(signed(text, trusted), NOW).nonce()).isEqualTo("i");
    }

    @Test
    void aFullNonceCacheRefusesRatherThanForgets() throws OperationException {
        for (String n : List.of("j", "k", "l")) gate.admit(signed(request("n1", NOW, n), trusted), NOW);
        refused(() -> gate.admit(signed(request("n1", NOW, "m"), trusted), NOW), ErrorCode.BUSY);
        assertThat(gate.admit(signed(request("n1", NOW + 121_000, "m"), trusted), NOW + 121_000).nonce()).isEqualTo("m");
    }

    private static String request(String target, long ts, String nonce) {
        return "{\"id\":\"r-" + nonce + "\",\"op\":\"node.info\",\"target\":\"" + target + "\",\"args\":{\"pid\":\"x\"},\"ts\":" + ts + ",\"nonce\":\"" + nonce + "\"}";
    }

    private static SignedRequest signed(String text, KeyPair key) {
        return Signatures.sign(text, key.getPrivate(), Keys.id(key.getPublic()));
    }

    private static void refused(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OperationException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
