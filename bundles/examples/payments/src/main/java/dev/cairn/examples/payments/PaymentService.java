package dev.cairn.examples.payments;

import dev.cairn.bus.api.BusGrants;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusHandler;
import dev.cairn.examples.shop.api.Authorization;
import dev.cairn.examples.shop.api.Order;
import dev.cairn.examples.shop.api.ShopTopics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code payments/authorize}: approves an order up to a limit, and tells everyone on
 * {@code payments/done}. Whether the order service is in this JVM or on another node, the code is this.
 */
@BusGrants(serve = ShopTopics.PAYMENTS_AUTHORIZE, publish = ShopTopics.PAYMENTS_DONE)
@Component(name = PaymentService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = BusHandler.TOPIC + "=" + ShopTopics.PAYMENTS_AUTHORIZE)
@Designate(ocd = PaymentConfig.class)
public final class PaymentService implements BusHandler<Order, Authorization> {
    static final String PID = "dev.cairn.examples.payments";
    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);

    private final Bus bus;
    private final long limitCents;

    @Activate
    public PaymentService(@Reference Bus bus, PaymentConfig config) {
        if (config.limit_cents() < 0) throw new IllegalArgumentException("limit.cents must be at least 0, not " + config.limit_cents());
        this.bus = bus;
        this.limitCents = config.limit_cents();
    }

    @Override
    public Class<Order> type() {
        return Order.class;
    }

    @Override
    public Authorization handle(Order order) {
        Authorization a = order.cents() <= limitCents
                ? new Authorization(order.id(), true, "")
                : new Authorization(order.id(), false, "over the limit of " + Money.format(limitCents));
        LOG.info("{} for {}: {}", order.id(), Money.format(order.cents()), a.approved() ? "approved" : "declined, " + a.reason());
        bus.publish(ShopTopics.PAYMENTS_DONE, a);
        return a;
    }
}
