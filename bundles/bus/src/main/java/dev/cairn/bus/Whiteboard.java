package dev.cairn.bus;

import dev.cairn.bus.access.Grants.Action;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusHandler;
import dev.cairn.bus.api.BusSubscriber;
import dev.cairn.bus.api.Handling;
import dev.cairn.bus.api.SubscribeOptions;
import dev.cairn.bus.api.Subscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes every {@link BusSubscriber} service and serves with every {@link BusHandler} service, by
 * their {@code cairn.bus.topic} property, for as long as they are registered — within the grants of the
 * bundle that registered the service.
 */
@Component(immediate = true, service = {})
public final class Whiteboard {
    private static final Logger LOG = LoggerFactory.getLogger(Whiteboard.class);

    private final LocalBus bus;
    private final Map<Object, List<Subscription>> subscriptions = new IdentityHashMap<>();

    @Activate
    public Whiteboard(@Reference LocalBus bus) {
        this.bus = bus;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSubscriber(BusSubscriber<?> subscriber, ServiceReference<?> ref) {
        addSubscriber(subscriber, properties(ref), bus.gate(ref.getBundle()));
    }

    synchronized void addSubscriber(BusSubscriber<?> subscriber, Map<String, Object> props, Gate gate) {
        List<Subscription> subs = new ArrayList<>();
        for (String filter : topics(subscriber, props)) {
            try {
                gate.check(Action.SUBSCRIBE, filter);
                subs.add(subscribe(gate.bundle(), filter, subscriber, handling(props)));
            } catch (BusException | IllegalArgumentException e) {
                LOG.error("{} is not subscribed: {}", subscriber, e.getMessage());
            }
        }
        subscriptions.put(subscriber, subs);
    }

    synchronized void removeSubscriber(BusSubscriber<?> subscriber) {
        close(subscriber);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "updatedHandler")
    void addHandler(BusHandler<?, ?> handler, ServiceReference<?> ref) {
        addHandler(handler, properties(ref), bus.gate(ref.getBundle()));
    }

    /** Its properties changed (a new cairn.bus.rate, say, from a component's @Modified configuration): served anew. */
    synchronized void updatedHandler(BusHandler<?, ?> handler, ServiceReference<?> ref) {
        close(handler);
        addHandler(handler, ref);
    }

    synchronized void addHandler(BusHandler<?, ?> handler, Map<String, Object> props, Gate gate) {
        List<Subscription> subs = new ArrayList<>();
        for (String topic : topics(handler, props)) {
            try {
                gate.check(Action.SERVE, topic);
                RateLimit limit = RateLimits.declared(topic, props, "declared by " + gate.bundle());   // [guard hook]
                subs.add(handle(gate.bundle(), topic, handler, handling(props)));
                if (limit != null) subs.add(bus.guard().limits().declare(limit));   // [guard hook]
            } catch (BusException | IllegalArgumentException e) {
                LOG.error("{} serves nothing: {}", handler, e.getMessage());
            }
        }
        subscriptions.put(handler, subs);
    }

    synchronized void removeHandler(BusHandler<?, ?> handler) {
        close(handler);
    }

    @Deactivate
    synchronized void deactivate() {
        subscriptions.values().forEach(subs -> subs.forEach(Subscription::close));
        subscriptions.clear();
    }

    private <T> Subscription subscribe(String owner, String filter, BusSubscriber<T> s, Handling handling) {
        return bus.subscribe(owner, filter, s.type(), s, handling == Handling.NON_BLOCKING ? SubscribeOptions.NON_BLOCKING : SubscribeOptions.DIRECT);
    }

    private <Q, R> Subscription handle(String owner, String topic, BusHandler<Q, R> h, Handling handling) {
        return bus.handle(owner, topic, h.type(), h::handle, handling);
    }

    private static Handling handling(Map<String, Object> props) {
        Object value = props.get(BusHandler.HANDLING);
        return value == null ? Handling.MAY_BLOCK : Handling.of(String.valueOf(value));
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> props = new HashMap<>();
        for (String key : ref.getPropertyKeys()) props.put(key, ref.getProperty(key));
        return props;
    }

    private void close(Object service) {
        List<Subscription> subs = subscriptions.remove(service);
        if (subs != null) subs.forEach(Subscription::close);
    }

    private static List<String> topics(Object service, Map<String, Object> props) {
        Object value = props.get(BusSubscriber.TOPIC);
        List<String> topics = new ArrayList<>();
        if (value instanceof String s) topics.add(s);
        else if (value instanceof String[] a) topics.addAll(List.of(a));
        else if (value instanceof Collection<?> c) c.forEach(o -> topics.add(String.valueOf(o)));
        if (topics.isEmpty()) LOG.warn("{} has no {} property: it receives nothing", service, BusSubscriber.TOPIC);
        return topics;
    }
}
