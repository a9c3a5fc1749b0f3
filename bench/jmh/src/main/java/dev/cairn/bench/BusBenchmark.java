package dev.cairn.bench;

import dev.cairn.bus.BenchAccess;
import dev.cairn.bus.BundleBus;
import dev.cairn.bus.LocalBus;
import dev.cairn.bus.access.Grants;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.Subscriber;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The in-JVM bus beside the direct interface call it stands in for: publish to one subscriber, and a
 * request served by a local handler. Each pair runs in the same fork, so the ratio is what counts on a
 * noisy machine. {@code observe}: {@code none} — no call metrics, no tracing (the bus before issue 14);
 * {@code calls} — per-edge call metrics, tracing bound but off (the default); {@code traced} — both on, every
 * call recorded.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BusBenchmark {
    public record Order(String id, long cents) {
    }

    public record Receipt(String orderId, boolean approved) {
    }

    @Param({"none", "calls", "traced"})
    public String observe;

    private final Order order = new Order("o-1", 1250);
    private final Receipt receipt = new Receipt("o-1", true);
    private final Duration timeout = Duration.ofSeconds(1);
    private LocalBus bus;
    /** The bus as a bundle gets it: every call checked against the bundle's grants. */
    private Bus granted;
    private Subscriber<Order> direct;
    private Function<Order, Receipt> handler;

    @Setup
    public void setUp(Blackhole bh) {
        bus = new LocalBus();
        BenchAccess.callMetrics(bus, !observe.equals("none"));
        BenchAccess.tracing(bus, observe.equals("traced"));
        direct = (topic, o) -> bh.consume(o);
        bus.subscribe("orders/new", Order.class, direct);
        // Other subscriptions a node would hold, so that routing is not trivially one filter.
        bus.subscribe("sensors/#", Object.class, (t, o) -> bh.consume(o));
        bus.subscribe("orders/+/cancelled", Object.class, (t, o) -> bh.consume(o));
        handler = o -> receipt;
        bus.handle("payments/authorize", Order.class, handler);
        granted = BundleBus.granted(bus, "bench.orders", Grants.of(Map.of(
                Grants.Action.PUBLISH, List.of("orders/new", "orders/+/cancelled"),
                Grants.Action.CALL, List.of("payments/authorize"))));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void publishToOneSubscriberWithGrants() {
        granted.publish("orders/new", order);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Receipt requestReplyWithGrants() {
        return granted.request("payments/authorize", order, Receipt.class, timeout).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void publishToOneSubscriber() {
        bus.publish("orders/new", order);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void directCallToOneSubscriber() {
        direct.receive("orders/new", order);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Receipt requestReply() {
        return bus.request("payments/authorize", order, Receipt.class, timeout).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Receipt directCallToHandler() {
        return handler.apply(order);
    }
}
