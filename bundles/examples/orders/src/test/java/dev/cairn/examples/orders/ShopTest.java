package dev.cairn.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.bus.LocalBus;
import dev.cairn.bus.api.BusHandler;
import dev.cairn.examples.payments.PaymentConfig;
import dev.cairn.examples.payments.PaymentService;
import dev.cairn.examples.shop.api.Authorization;
import dev.cairn.examples.shop.api.Order;
import dev.cairn.examples.shop.api.ShopTopics;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shop as a monolith: both services on one in-JVM bus. */
class ShopTest {

    static OrderConfig demo(int orders) {
        return new OrderConfig() {
            @Override
            public int demo_orders() {
                return orders;
            }

            @Override
            public long interval_ms() {
                return 1;
            }

            @Override
            public long give_up_ms() {
                return 5_000;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return OrderConfig.class;
            }
        };
    }

    @Test
    void everyDemoOrderIsAnnouncedAndAuthorizedOnceAndTheDeclinedOnesAreThoseOverTheLimit() {
        LocalBus bus = new LocalBus();
        List<Order> announced = new CopyOnWriteArrayList<>();
        List<Authorization> done = new CopyOnWriteArrayList<>();
        bus.subscribe(ShopTopics.ORDERS_NEW, Order.class, (t, o) -> announced.add(o));
        bus.subscribe(ShopTopics.PAYMENTS_DONE, Authorization.class, (t, a) -> done.add(a));
        BusHandler<Order, Authorization> payments = new PaymentService(bus, new PaymentConfig() {
            @Override
            public long limit_cents() {
                return 50_000;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PaymentConfig.class;
            }
        });
        bus.handle(ShopTopics.PAYMENTS_AUTHORIZE, Order.class, payments::handle);

        OrderService orders = new OrderService(bus, demo(20));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 20);
        } finally {
            orders.deactivate();
        }

        assertThat(announced).hasSize(20).doesNotHaveDuplicates();
        List<String> declined = IntStream.rangeClosed(1, 20).mapToObj(OrderService::demoOrder)
                .filter(o -> o.cents() > 50_000).map(Order::id).toList();
        assertThat(declined).isNotEmpty();
        assertThat(done).filteredOn(a -> !a.approved()).extracting(Authorization::orderId).containsExactlyInAnyOrderElementsOf(declined);
    }
}
