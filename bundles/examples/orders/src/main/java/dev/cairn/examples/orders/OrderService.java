package dev.cairn.examples.orders;

import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import dev.cairn.bus.api.BusGrants;
import dev.cairn.examples.shop.api.Authorization;
import dev.cairn.examples.shop.api.Order;
import dev.cairn.examples.shop.api.ShopTopics;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places orders: each is announced on {@code orders/new} and sent to {@code payments/authorize}; the
 * answer is logged as {@code order-3: approved}. With {@code demo.orders} it places that many demo
 * orders — the same ones every time, so that a monolith and a split deployment can be compared.
 */
@BusGrants(publish = ShopTopics.ORDERS_NEW, call = ShopTopics.PAYMENTS_AUTHORIZE)
@Component(name = OrderService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = OrderService.class, immediate = true)
@Designate(ocd = OrderConfig.class)
public final class OrderService {
    static final String PID = "dev.cairn.examples.orders";
    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final String[] ITEMS = {"seeds", "soil", "pump", "sensor", "fan"};

    private final Bus bus;
    private final long giveUpMs;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orders-demo");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger approved = new AtomicInteger();
    /** The outcome of the last {@value #KEPT} orders, for {@code GET /api/orders/{id}}. */
    private final Map<String, OrderStatus> outcomes = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OrderStatus> eldest) {
            return size() > KEPT;
        }
    });
    static final int KEPT = 1_000;

    @Activate
    public OrderService(@Reference Bus bus, OrderConfig config) {
        if (config.demo_orders() < 0) throw new IllegalArgumentException("demo.orders must be at least 0, not " + config.demo_orders());
        if (config.interval_ms() < 1) throw new IllegalArgumentException("interval.ms must be at least 1, not " + config.interval_ms());
        this.bus = bus;
        this.giveUpMs = config.give_up_ms();
        int total = config.demo_orders();
        for (int i = 1; i <= total; i++) {
            Order order = demoOrder(i);
            scheduler.schedule(() -> place(order, total), i * config.interval_ms(), TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    /** The i-th demo order: amounts spread so that some exceed a 500.00 limit. */
    static Order demoOrder(int i) {
        return new Order("order-" + i, ITEMS[i % ITEMS.length], (i * 7_919L) % 90_000 + 100);
    }

    public void place(Order order) {
        place(order, 0);
    }

    /** Where an order is: placed and waiting for the payment service, or its answer. */
    public Optional<OrderStatus> status(String id) {
        return Optional.ofNullable(outcomes.get(id));
    }

    private void place(Order order, int total) {
        outcomes.put(order.id(), new OrderStatus(order, OrderStatus.PENDING, null));
        bus.publish(ShopTopics.ORDERS_NEW, order);
        ask(order, total, System.currentTimeMillis() + giveUpMs);
    }

    private void ask(Order order, int total, long giveUpAt) {
        bus.request(ShopTopics.PAYMENTS_AUTHORIZE, order, Authorization.class, ASK_TIMEOUT).whenComplete((a, failure) -> {
            if (failure == null) {
                answered(a, total);
            } else if (retryable(failure) && System.currentTimeMillis() < giveUpAt && !scheduler.isShutdown()) {
                scheduler.schedule(() -> ask(order, total, giveUpAt), 500, TimeUnit.MILLISECONDS);
            } else {
                outcomes.computeIfPresent(order.id(), (id, s) -> new OrderStatus(order, OrderStatus.FAILED, cause(failure).getMessage()));
                LOG.warn("{}: not authorized: {}", order.id(), cause(failure).getMessage());
            }
        });
    }

    private void answered(Authorization a, int total) {
        LOG.info("{}: {}", a.orderId(), a.approved() ? "approved" : "declined (" + a.reason() + ")");
        outcomes.computeIfPresent(a.orderId(), (id, s) -> new OrderStatus(s.order(),
                a.approved() ? OrderStatus.APPROVED : OrderStatus.DECLINED, a.approved() ? null : a.reason()));
        if (a.approved()) approved.incrementAndGet();
        if (answered.incrementAndGet() == total) {
            LOG.info("demo done: {} orders, {} approved, {} declined", total, approved.get(), total - approved.get());
        }
    }

    /** No payment service yet (it may be starting on another node), or the answer was lost: ask again. */
    private static boolean retryable(Throwable failure) {
        return cause(failure) instanceof BusException e
                && (e.reason() == BusException.Reason.NO_HANDLER || e.reason() == BusException.Reason.TIMEOUT);
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
