package dev.cairn.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.access.Grants;
import dev.cairn.bus.access.Grants.Action;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.Span.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans through the bus in one JVM: the tree a request makes, what tracing off costs, sampling, the bounds. */
class TracingTest {
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final LocalBus bus = new LocalBus();
    private final Bus orders = bundle("orders", Action.CALL, "shop/pay", Action.PUBLISH, "shop/new");
    private final Bus payments = bundle("payments", Action.SERVE, "shop/pay", Action.PUBLISH, "shop/paid");
    private final Bus ledger = bundle("ledger", Action.SUBSCRIBE, "shop/paid");
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Bus bundle(String name, Object... grants) {
        Map<Action, List<String>> lists = new java.util.EnumMap<>(Action.class);
        for (int i = 0; i < grants.length; i += 2) lists.computeIfAbsent((Action) grants[i], a -> new java.util.ArrayList<>()).add((String) grants[i + 1]);
        return BundleBus.granted(bus, name, Grants.of(lists));
    }

    private void shop() {
        payments.handle("shop/pay", String.class, order -> {
            payments.publish("shop/paid", order);
            return "ok:" + order;
        });
        ledger.subscribe("shop/paid", String.class, (t, order) -> { });
    }

    @Test
    void aRequestInOneJvmIsOneTraceOfRequestServePublishAndDeliveryWithParentsAndBundlesRight() throws Exception {
        BusTracing tracing = TestConfigs.tracingOn(bus, "n1");
        shop();

        assertThat(orders.request("shop/pay", "o-1", String.class, WAIT).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo("ok:o-1");

        List<Span> recent = tracing.recent(10);
        assertThat(recent).hasSize(1);
        List<Span> spans = tracing.trace(recent.get(0).traceId());
        assertThat(spans).extracting(Span::kind).containsExactly(Kind.REQUEST, Kind.SERVE, Kind.PUBLISH, Kind.DELIVER);
        Span request = spans.get(0), serve = spans.get(1), publish = spans.get(2), delivery = spans.get(3);
        assertThat(request.parentId()).isNull();
        assertThat(serve.parentId()).isEqualTo(request.spanId());
        assertThat(publish.parentId()).isEqualTo(serve.spanId());
        assertThat(delivery.parentId()).isEqualTo(publish.spanId());
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.traceId()).isEqualTo(request.traceId()).hasSize(32);
            assertThat(s.node()).isEqualTo("n1");
            assertThat(s.remote()).isFalse();
            assertThat(s.outcome()).isEqualTo(Span.OK);
        });
        assertThat(List.of(request.caller(), request.callee(), serve.caller(), serve.callee())).containsExactly("orders", "payments", "orders", "payments");
        assertThat(List.of(publish.caller(), delivery.caller(), delivery.callee())).containsExactly("payments", "payments", "ledger");
        assertThat(publish.topic()).isEqualTo("shop/paid");
        assertThat(request.durationNanos()).isGreaterThanOrEqualTo(serve.durationNanos());
    }

    @Test
    void aSubscriberOnItsOwnExecutorStillContinuesTheTrace() throws Exception {
        BusTracing tracing = TestConfigs.tracingOn(bus, "n1");
        CountDownLatch asked = new CountDownLatch(1);
        payments.handle("shop/pay", String.class, order -> "ok");
        Bus relay = bundle("relay", Action.SUBSCRIBE, "shop/new", Action.CALL, "shop/pay");
        relay.subscribe("shop/new", String.class, (t, order) -> relay.request("shop/pay", order, String.class, WAIT)
                .whenComplete((r, e) -> asked.countDown()), SubscribeOptions.queued(pool, 16, dev.cairn.bus.api.Overflow.BLOCK));

        orders.publish("shop/new", "o-2");

        assertThat(asked.await(1, TimeUnit.SECONDS)).isTrue();
        String trace = tracing.recent(1).get(0).traceId();
        // the delivery span ends when the subscriber returns, which may be just after the reply counted the latch down
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> tracing.trace(trace).size() == 4);
        List<Span> spans = tracing.trace(trace);
        assertThat(spans).extracting(Span::kind).containsExactly(Kind.PUBLISH, Kind.DELIVER, Kind.REQUEST, Kind.SERVE);
        assertThat(spans.get(2).parentId()).isEqualTo(spans.get(1).spanId());
        assertThat(spans.get(2).caller()).isEqualTo("relay");
    }

    @Test
    void aFailedRequestEndsItsSpansWithTheReasonAndANewCallOutsideAnyHandlerStartsANewTrace() {
        BusTracing tracing = TestConfigs.tracingOn(bus, "n1");
        payments.handle("shop/pay", String.class, order -> {
            throw new IllegalStateException("card reader jammed");
        });

        assertThatThrownBy(() -> orders.request("shop/pay", "o-3", String.class, WAIT).toCompletableFuture().join())
                .hasCauseInstanceOf(BusException.class);
        assertThatThrownBy(() -> bundle("x", Action.CALL, "shop/none").request("shop/none", "o-4", String.class, WAIT).toCompletableFuture().join())
                .hasMessageContaining("no handler");

        List<Span> recent = tracing.recent(10);
        assertThat(recent).hasSize(2);
        assertThat(recent.get(0).outcome()).isEqualTo(Reason.NO_HANDLER.name());
        assertThat(tracing.trace(recent.get(1).traceId())).extracting(Span::outcome)
                .containsExactly(Reason.HANDLER_FAILED.name(), Reason.HANDLER_FAILED.name());
    }

    @Test
    void offNothingIsRecordedButCallsAreStillCountedPerEdge() throws Exception {
        BusTracing tracing = new BusTracing("n1");
        tracing.configure(TestConfigs.of(TraceConfig.class, "enabled", false));
        bus.bindTracing(tracing);
        shop();

        orders.request("shop/pay", "o-5", String.class, WAIT).toCompletableFuture().get(1, TimeUnit.SECONDS);

        assertThat(tracing.enabled()).isFalse();
        assertThat(tracing.recent(10)).isEmpty();
        assertThat(bus.edges().size()).isEqualTo(1);
    }

    @Test
    void aSampleRatioOfZeroRecordsNoTrace() throws Exception {
        BusTracing tracing = new BusTracing("n1");
        tracing.configure(TestConfigs.of(TraceConfig.class, "enabled", true, "sample.ratio", 0.0));
        bus.bindTracing(tracing);
        shop();

        orders.request("shop/pay", "o-6", String.class, WAIT).toCompletableFuture().get(1, TimeUnit.SECONDS);

        assertThat(tracing.recent(10)).isEmpty();
    }

    @Test
    void theNodeKeepsOnlyItsLastTraces() throws Exception {
        BusTracing tracing = new BusTracing("n1");
        tracing.configure(TestConfigs.of(TraceConfig.class, "enabled", true, "keep.traces", 3));
        bus.bindTracing(tracing);
        shop();
        for (int i = 0; i < 10; i++) orders.request("shop/pay", "o-" + i, String.class, WAIT).toCompletableFuture().get(1, TimeUnit.SECONDS);

        assertThat(tracing.recent(100)).hasSize(3);
    }

    @Test
    void aBadValueIsRefusedWithItsKeyNamed() {
        BusTracing tracing = new BusTracing("n1");
        assertThatThrownBy(() -> tracing.configure(TestConfigs.of(TraceConfig.class, "enabled", true, "sample.ratio", 1.5)))
                .hasMessageContaining("sample.ratio");
        assertThatThrownBy(() -> tracing.configure(TestConfigs.of(TraceConfig.class, "enabled", true, "keep.traces", 0)))
                .hasMessageContaining("keep.traces");
    }

    @Test
    void spansGoToEveryExporterAndOneThatThrowsHarmsNeitherTheCallNorTheOthers() throws Exception {
        BusTracing tracing = TestConfigs.tracingOn(bus, "n1");
        List<Span> exported = new java.util.concurrent.CopyOnWriteArrayList<>();
        tracing.addExporter(span -> {
            throw new IllegalStateException("collector gone");
        });
        tracing.addExporter(exported::add);
        shop();

        assertThat(orders.request("shop/pay", "o-7", String.class, WAIT).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo("ok:o-7");

        assertThat(exported).extracting(Span::kind).containsExactlyInAnyOrder(Kind.REQUEST, Kind.SERVE, Kind.PUBLISH, Kind.DELIVER);
    }
}
