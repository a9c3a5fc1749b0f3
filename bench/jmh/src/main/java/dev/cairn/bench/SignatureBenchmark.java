package dev.cairn.bench;

import dev.cairn.management.protocol.Keys;
import dev.cairn.management.protocol.SignedRequest;
import dev.cairn.management.protocol.Signatures;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** What the Ed25519 signature of a management request costs: signing (cairnctl) and verifying (every node, every request). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {
    private KeyPair key;
    private String id;
    private SignedRequest signed;
    private String text;

    @Setup
    public void setUp() {
        key = Keys.generate();
        id = Keys.id(key.getPublic());
        text = "{\"id\":\"5f0c2d8e-7d43-4b8e-9a51-0d7f1c3f2a11\",\"op\":\"config.put\",\"target\":\"pi-3\",\"args\":{\"pid\":\"dev.cairn.examples.orders\","
                + "\"properties\":{\"interval.ms\":250}},\"ts\":1795000000000,\"nonce\":\"8c4b1f0e2a7d49c6b3e5f1a2d9c8e7b6\"}";
        signed = Signatures.sign(text, key.getPrivate(), id);
    }

    @Benchmark
    public boolean verify() {
        return Signatures.verify(signed, key.getPublic());
    }

    @Benchmark
    public SignedRequest sign() {
        return Signatures.sign(text, key.getPrivate(), id);
    }
}
