package dev.cairn.bench;

import dev.cairn.bus.BundleBus;
import dev.cairn.bus.LocalBus;
import dev.cairn.bus.Resilience;
import dev.cairn.bus.access.Grants;
import dev.cairn.bus.api.Bus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A request served by a local handler, as a bundle sends it (through its grants), on four buses that differ only
 * in their guards: none configured; a circuit breaker on another caller's topic (the look-up that finds none); a
 * circuit breaker on this request; a rate limit on the handler that never refuses here. bench/jmh/guard.sh runs
 * them in alternating short forks.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GuardBenchmark {
    public record Order(String id, long cents) {
    }

    public record Receipt(String orderId, boolean approved) {
    }

    private static final String TOPIC = "payments/authorize";
    private static final String CALLER = "bench.orders";
    private final Order order = new Order("o-1", 1250);
    private final Receipt receipt = new Receipt("o-1", true);
    private final Duration timeout = Duration.ofSeconds(1);
    private Bus bare;
    private Bus elsewhere;
    private Bus breaker;
    private Bus limited;
    private AutoCloseable[] guards;

    private Bus bus(LocalBus local) {
        local.handle(TOPIC, Order.class, o -> receipt);
        return BundleBus.granted(local, CALLER, Grants.of(Map.of(Grants.Action.CALL, List.of(TOPIC))));
    }

    @Setup
    public void setUp() {
        LocalBus a = new LocalBus();
        LocalBus b = new LocalBus();
        LocalBus c = new LocalBus();
        LocalBus d = new LocalBus();
        bare = bus(a);
        elsewhere = bus(b);
        breaker = bus(c);
        limited = bus(d);
        guards = new AutoCloseable[] {
            Resilience.breaker(b, "other", "bench.audit", "audit/#", 5, 30_000),
            Resilience.breaker(c, "payments", CALLER, TOPIC, 5, 30_000),
            // 1,000,000/ms in bursts of as many: a limit this loop never reaches, so every request takes a permit
            Resilience.rateLimit(d, TOPIC, "1000000/ms")};
    }

    @TearDown
    public void tearDown() throws Exception {
        for (AutoCloseable g : guards) g.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Receipt requestNoGuard() {
        return bare.request(TOPIC, order, Receipt.class, timeout).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Receipt requestBreakerElsewhere() {
        return elsewhere.request(TOPIC, order, Receipt.class, timeout).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Receipt requestThroughBreaker() {
        return breaker.request(TOPIC, order, Receipt.class, timeout).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Receipt requestRateLimited() {
        return limited.request(TOPIC, order, Receipt.class, timeout).toCompletableFuture().join();
    }
}
