package dev.cairn.bus;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusException.Reason;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscriber;
import dev.cairn.bus.api.Subscription;
import dev.cairn.bus.api.TopicStats;
import dev.cairn.bus.spi.Call;
import dev.cairn.bus.spi.Inbound;
import dev.cairn.bus.spi.Receiver;
import dev.cairn.bus.spi.Transport;
import dev.cairn.bus.trace.Span;
import dev.cairn.bus.trace.Span.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of one node. In the JVM a publish is a walk over an array of subscribers and a request a
 * direct call; with a {@link Transport} bound, every publish and every request no local handler serves
 * also goes to other nodes, and their traffic comes in through {@link Receiver}. Bundles never get this
 * object: they get a {@link BundleBus}, which checks their grants first and tells who is calling.
 * Requests are counted per edge ({@link CallEdges}); while {@link BusTracing} is on, every hop is a span.
 */
@Component(service = LocalBus.class, immediate = true, configurationPid = LocalBus.PID)
@Designate(ocd = BusConfig.class)
public final class LocalBus implements Bus, Receiver {
    static final String PID = "dev.cairn.bus";
    private static final Logger LOG = LoggerFactory.getLogger(LocalBus.class);

    private final Router router = new Router();
    private final Handlers handlers = new Handlers();
    private final Gates gates = new Gates();
    private volatile Transport transport;
    private volatile BusTracing tracing;
    private volatile CallEdges edges = new CallEdges(BusConfig.CALLS_EDGES_MAX);
    /** Circuit breakers and rate limits (see CallGuard): asked by BundleBus and below, one line each. */
    private final CallGuard guard = new CallGuard();

    @Activate
    @Modified
    void configure(BusConfig config) {
        if (config.calls_edges_max() < 0) throw new IllegalArgumentException("calls.edges.max must be at least 0, not " + config.calls_edges_max());
        CallEdges e = edges;
        edges = !config.calls_metrics() ? null : e != null && e.maxEdges() == config.calls_edges_max() ? e : new CallEdges(config.calls_edges_max());
        boolean was = gates.refusals().enforced();
        gates.refusals().enforce(config.grants_enforce());
        if (!config.grants_enforce()) LOG.warn("bus grants are not enforced (grants.enforce = false): what bundles did not declare is only logged");
        else if (!was) LOG.info("bus grants are enforced again");
    }

    /** What {@code bundle} may do, from its manifest. */
    Gate gate(Bundle bundle) {
        return gates.of(bundle);
    }

    Refusals refusals() {
        return gates.refusals();
    }

    CallGuard guard() {
        return guard;
    }

    @Override
    public void publish(String topic, Object payload) {
        publish(null, topic, payload);
    }

    /** A publish by the bundle named {@code caller} (null: not known). */
    void publish(String caller, String topic, Object payload) {
        Objects.requireNonNull(payload, "payload");
        Router.Route route = router.route(topic);
        route.counters().published.increment();
        Tracer tracer = tracer();
        Hop hop = tracer == null ? null : tracer.begin(Kind.PUBLISH, topic, caller);
        for (Sink<?> sink : route.sinks()) sink.offer(topic, payload, route.counters(), hop);
        Transport t = transport;
        if (t != null) {
            if (hop == null) t.publish(topic, payload);
            else t.publish(topic, payload, new Call(caller, hop.traceparent()));
        }
        if (hop != null) hop.end(null, false, Span.OK);   // a publish is where it is; its deliveries say where it went
    }

    @Override
    public <T> Subscription subscribe(String filter, Class<T> type, Subscriber<? super T> subscriber, SubscribeOptions options) {
        return subscribe(null, filter, type, subscriber, options);
    }

    /** A subscription of the bundle named {@code owner} (null: not known). */
    <T> Subscription subscribe(String owner, String filter, Class<T> type, Subscriber<? super T> subscriber, SubscribeOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subscriber, "subscriber");
        Sink<T> sink = options.direct()
                ? new Sink.Direct<>(filter, type, subscriber, options.handling() == Handling.NON_BLOCKING)
                : new QueuedSink<>(filter, type, subscriber, options.executor(), options.capacity(), options.overflow());
        sink.owner = owner;
        if (router.add(sink)) listen(filter, true);
        return once(() -> {
            sink.close();
            if (router.remove(sink)) listen(filter, false);
        });
    }

    @Override
    public <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout) {
        return request(null, topic, payload, replyType, timeout);
    }

    /**
     * A request of the bundle named {@code caller} (null: not known). Counted on its edge when it ends, and with
     * tracing on a request span, with a serve span under it when a handler in this JVM takes it.
     */
    <R> CompletionStage<R> request(String caller, String topic, Object payload, Class<R> replyType, Duration timeout) {
        Objects.requireNonNull(payload, "payload");
        CallEdges counted = edges;
        Tracer tracer = tracer();
        long start = counted == null && tracer == null ? 0 : System.nanoTime();
        Hop hop = tracer == null ? null : tracer.begin(Kind.REQUEST, topic, caller);
        Handlers.Handler h = handlers.pick(topic);
        if (h != null) {
            BusException limited = guard.limits().admit(topic);   // the handler's rate limit [guard hook]
            if (limited != null) {
                endedHere(counted, hop, caller, h, limited, start);
                return CompletableFuture.failedFuture(limited);
            }
            CompletableFuture<R> reply = serve(topic, h, payload, hop == null ? null : hop.child(Kind.SERVE, topic, caller), false)
                    .thenApply(r -> cast(r, replyType, topic)).toCompletableFuture();
            if (counted == null && hop == null) return reply;
            if (!reply.isDone()) return reply.whenComplete((r, failure) -> endedHere(counted, hop, caller, h, failure, start));
            endedHere(counted, hop, caller, h, failure(reply), start);   // the usual case: served in this thread, nothing to chain
            return reply;
        }
        Topics.topic(topic);
        Transport t = transport;
        if (t == null) {
            BusException none = new BusException(Reason.NO_HANDLER, "no handler for '" + topic + "'");
            ended(counted, hop, caller, null, topic, false, none, start);
            return CompletableFuture.failedFuture(none);
        }
        if (counted == null && hop == null) return t.request(topic, payload, replyType, timeout);
        Call call = new Call(caller, hop == null ? null : hop.traceparent());
        return t.request(topic, payload, replyType, timeout, call)
                .whenComplete((r, failure) -> ended(counted, hop, caller, call.callee(), topic, true, failure, start));
    }

    private static void endedHere(CallEdges counted, Hop hop, String caller, Handlers.Handler h, Throwable failure, long start) {
        if (counted != null) h.calls().edge(counted, caller).add(failure, System.nanoTime() - start);
        if (hop != null) hop.end(h.owner(), false, CallEdges.outcome(failure));
    }

    /** The failure of a completed stage, or null. */
    private static Throwable failure(CompletableFuture<?> done) {
        if (!done.isCompletedExceptionally()) return null;
        try {
            done.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    /**
     * A request of {@code caller} refused before it was sent (its circuit breaker is open): counted on its edge and,
     * with tracing on, a request span, so that what the breaker saves shows where the calls show.
     */
    void refused(String caller, String topic, BusException why) {
        CallEdges counted = edges;
        Tracer tracer = tracer();
        if (counted == null && tracer == null) return;
        Handlers.Handler h = handlers.peek(topic);   // not pick: a request never sent takes no handler's turn
        Hop hop = tracer == null ? null : tracer.begin(Kind.REQUEST, topic, caller);
        ended(counted, hop, caller, h == null ? null : h.owner(), topic, h == null, why, System.nanoTime());
    }

    private static void ended(CallEdges counted, Hop hop, String caller, String callee, String topic, boolean remote, Throwable failure, long start) {
        if (counted != null) counted.record(caller, callee, topic, remote, failure, System.nanoTime() - start);
        if (hop != null) hop.end(callee, remote, CallEdges.outcome(failure));
    }

    @Override
    public <Q, R> Subscription handle(String topic, Class<Q> requestType, Function<? super Q, ? extends R> handler, Handling handling) {
        return handle(null, topic, requestType, handler, handling);
    }

    /** Requests to {@code topic} served by the bundle named {@code owner} (null: not known). */
    @SuppressWarnings("unchecked")
    <Q, R> Subscription handle(String owner, String topic, Class<Q> requestType, Function<? super Q, ? extends R> handler, Handling handling) {
        Topics.topic(topic);
        Handlers.Handler h = new Handlers.Handler(requestType, (Function<Object, ?>) handler, Objects.requireNonNull(handling, "handling"), owner,
                new CallEdges.ByCaller(owner, topic));
        if (handlers.add(topic, h)) serve(topic, true);
        return once(() -> {
            if (handlers.remove(topic, h)) serve(topic, false);
        });
    }

    @Override
    public Map<String, TopicStats> stats() {
        Map<String, TopicStats> out = new TreeMap<>();
        router.allCounters().forEach((topic, c) -> out.put(topic, c.snapshot()));
        return out;
    }

    // ---- traffic from other nodes

    @Override
    public void event(String topic, Inbound payload, Executor others) {
        Router.Route route;
        try {
            route = router.route(topic);
        } catch (BusException e) {
            dropped(Router.OTHER_TOPICS, e.getMessage());
            return;
        }
        route.counters().published.increment();
        Tracer tracer = tracer();
        Hop from = tracer == null ? null : tracer.inbound(payload.call());
        boolean rest = false;
        for (Sink<?> sink : route.sinks()) {
            if (sink.nonBlocking()) sink.offer(topic, payload, route.counters(), from);
            else rest = true;
        }
        if (rest) others.execute(() -> {
            for (Sink<?> sink : route.sinks()) {
                if (!sink.nonBlocking()) sink.offer(topic, payload, route.counters(), from);
            }
        });
    }

    @Override
    public CompletionStage<Object> request(String topic, Inbound payload, Executor blocking) {
        Handlers.Handler h = handlers.pick(topic);
        if (h == null) return CompletableFuture.failedFuture(new BusException(Reason.NO_HANDLER, "no handler for '" + topic + "' on this node"));
        Call call = payload.call();
        if (call != null) call.servedBy(h.owner());
        BusException limited = guard.limits().admit(topic);   // the handler's rate limit, before any hand-off [guard hook]
        if (limited != null) return CompletableFuture.failedFuture(limited);
        Tracer tracer = tracer();
        Hop serve = tracer == null ? null : tracer.inbound(call).child(Kind.SERVE, topic, call == null ? null : call.caller());
        if (h.handling() == Handling.NON_BLOCKING) return decodeAndServe(topic, h, payload, serve);
        return CompletableFuture.supplyAsync(() -> decodeAndServe(topic, h, payload, serve), blocking).thenCompose(Function.identity());
    }

    private CompletionStage<Object> decodeAndServe(String topic, Handlers.Handler h, Inbound payload, Hop serve) {
        Object request;
        try {
            request = payload.as(h.type());
        } catch (BusException e) {
            router.counters(topic).dropped.increment();
            if (serve != null) serve.end(h.owner(), true, e.reason().name());
            return CompletableFuture.failedFuture(e);
        }
        return serve(topic, h, request, serve, true);
    }

    @Override
    public void dropped(String topic, String reason) {
        router.counters(topic).dropped.increment();
        LOG.debug("dropped a message on {}: {}", topic, reason);
    }

    // ---- tracing

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindTracing(BusTracing t) {
        tracing = t;
    }

    void unbindTracing(BusTracing t) {
        if (tracing == t) tracing = null;
    }

    /** While tracing is on, the node's tracer; else null, and a call costs this read. */
    private Tracer tracer() {
        BusTracing t = tracing;
        return t == null ? null : t.tracer();
    }

    /** Requests per edge, or null when configured off ({@code calls.metrics = false}). */
    CallEdges edges() {
        return edges;
    }

    // ---- the transport

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindTransport(Transport t) {
        transport = t;
        t.open(this);
        router.filters().forEach(f -> t.listen(f, true));
        handlers.topics().forEach(topic -> t.serve(topic, true));
        LOG.info("bus traffic now also travels through {}", t);
    }

    void unbindTransport(Transport t) {
        if (transport == t) {
            transport = null;
            LOG.info("bus traffic stays in this JVM: {} is gone", t);
        }
        t.close();
    }

    @Deactivate
    void deactivate() {
        Transport t = transport;
        if (t != null) unbindTransport(t);
    }

    private void listen(String filter, boolean on) {
        Transport t = transport;
        if (t != null) t.listen(filter, on);
    }

    private void serve(String topic, boolean on) {
        Transport t = transport;
        if (t != null) t.serve(topic, on);
    }

    /** Serves in a span of its own when {@code hop} is given (tracing on): what the handler does becomes its child. */
    private CompletionStage<Object> serve(String topic, Handlers.Handler h, Object request, Hop hop, boolean remote) {
        if (hop == null) return serve(topic, h, request);
        Hop before = Tracer.enter(hop);
        CompletionStage<Object> reply;
        try {
            reply = serve(topic, h, request);
        } finally {
            Tracer.leave(before);
        }
        return reply.whenComplete((r, failure) -> hop.end(h.owner(), remote, CallEdges.outcome(failure)));
    }

    private CompletionStage<Object> serve(String topic, Handlers.Handler h, Object request) {
        TopicCounters counters = router.counters(topic);
        counters.published.increment();
        if (!h.type().isInstance(request)) {
            counters.dropped.increment();
            return CompletableFuture.failedFuture(new BusException(Reason.MALFORMED_PAYLOAD,
                    "the handler of '" + topic + "' takes " + h.type().getName() + ", not " + request.getClass().getName()));
        }
        try {
            Object reply = h.function().apply(request);
            counters.delivered.increment();
            return CompletableFuture.completedFuture(reply);
        } catch (RuntimeException | LinkageError e) {
            counters.failed.increment();
            return CompletableFuture.failedFuture(new BusException(Reason.HANDLER_FAILED,
                    "the handler of '" + topic + "' failed: " + e, e));
        }
    }

    private static <R> R cast(Object reply, Class<R> type, String topic) {
        if (reply == null || type.isInstance(reply)) return type.cast(reply);
        throw new BusException(Reason.MALFORMED_PAYLOAD,
                "the handler of '" + topic + "' replied " + reply.getClass().getName() + ", not " + type.getName());
    }

    /** A subscription that closes once, however often it is closed. */
    static Subscription once(Runnable close) {
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) close.run();
        };
    }
}
