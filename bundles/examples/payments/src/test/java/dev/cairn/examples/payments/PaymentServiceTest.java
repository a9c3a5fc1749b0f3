package dev.cairn.examples.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bus.LocalBus;
import dev.cairn.examples.shop.api.Authorization;
import dev.cairn.examples.shop.api.Order;
import dev.cairn.examples.shop.api.ShopTopics;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentServiceTest {
    private final LocalBus bus = new LocalBus();

    static PaymentConfig limit(long cents) {
        return new PaymentConfig() {
            @Override
            public long limit_cents() {
                return cents;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PaymentConfig.class;
            }
        };
    }

    @Test
    void approvesUpToTheLimitDeclinesAboveAndTellsEveryone() {
        List<Authorization> done = new ArrayList<>();
        bus.subscribe(ShopTopics.PAYMENTS_DONE, Authorization.class, (t, a) -> done.add(a));
        PaymentService payments = new PaymentService(bus, limit(10_000));

        assertThat(payments.handle(new Order("o-1", "fan", 10_000))).isEqualTo(new Authorization("o-1", true, ""));
        assertThat(payments.handle(new Order("o-2", "pump", 10_001)))
                .isEqualTo(new Authorization("o-2", false, "over the limit of 100.00"));
        assertThat(done).extracting(Authorization::orderId).containsExactly("o-1", "o-2");
    }

    @Test
    void aNegativeLimitIsRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> new PaymentService(bus, limit(-1))).hasMessageContaining("limit.cents");
    }
}
