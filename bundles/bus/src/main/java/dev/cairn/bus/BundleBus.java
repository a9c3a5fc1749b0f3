package dev.cairn.bus;

import dev.cairn.bus.access.Grants;
import dev.cairn.bus.access.Grants.Action;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscriber;
import dev.cairn.bus.api.Subscription;
import dev.cairn.bus.api.TopicStats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link Bus} as one bundle gets it: the node's bus, with every call checked against what that bundle
 * declared in its {@code @BusGrants}. A bundle scoped service, so the framework tells which bundle is asking.
 */
@Component(service = Bus.class, scope = ServiceScope.BUNDLE)
public final class BundleBus implements Bus {
    private final LocalBus bus;
    private final Gate gate;
    private final Breakers.Caller breakers;   // [guard hook]

    @Activate
    public BundleBus(@Reference LocalBus bus, ComponentContext context) {
        this(bus, bus.gate(context.getUsingBundle()));
    }

    BundleBus(LocalBus bus, Gate gate) {
        this.bus = bus;
        this.gate = gate;
        this.breakers = bus.guard().breakers().caller(gate.bundle());   // [guard hook]
    }

    /** The bus as a bundle named {@code bundle} holding {@code grants} sees it, outside a framework (benchmarks, embedding). */
    public static Bus granted(LocalBus bus, String bundle, Grants grants) {
        return new BundleBus(bus, new Gate(bundle, grants, null, bus.refusals()));
    }

    @Override
    public void publish(String topic, Object payload) {
        gate.publish(topic);
        bus.publish(gate.bundle(), topic, payload);
    }

    @Override
    public <T> Subscription subscribe(String filter, Class<T> type, Subscriber<? super T> subscriber, SubscribeOptions options) {
        gate.check(Action.SUBSCRIBE, filter);
        return bus.subscribe(gate.bundle(), filter, type, subscriber, options);
    }

    @Override
    public <R> CompletionStage<R> request(String topic, Object payload, Class<R> replyType, Duration timeout) {
        BusException refused = gate.call(topic);
        if (refused != null) return CompletableFuture.failedFuture(refused);
        Breaker breaker = breakers.of(topic);   // the caller's circuit breaker on this topic, if configured [guard hook]
        if (breaker != null) return breaker.call(topic, () -> bus.request(gate.bundle(), topic, payload, replyType, timeout),
                why -> bus.refused(gate.bundle(), topic, why));
        return bus.request(gate.bundle(), topic, payload, replyType, timeout);
    }

    @Override
    public <Q, R> Subscription handle(String topic, Class<Q> requestType, Function<? super Q, ? extends R> handler, Handling handling) {
        gate.check(Action.SERVE, topic);
        return bus.handle(gate.bundle(), topic, requestType, handler, handling);
    }

    @Override
    public Map<String, TopicStats> stats() {
        return bus.stats();
    }

    @Override
    public String toString() {
        return "Bus[" + gate.bundle() + "]";
    }
}
