package dev.cairn.examples.orders;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn order service example")
@interface OrderConfig {
    @AttributeDefinition(name = "Demo orders", description = "How many demo orders to place after start (0: none).", min = "0")
    int demo_orders() default 0;   // demo.orders

    @AttributeDefinition(name = "Interval", description = "Milliseconds between demo orders; at least 1.", min = "1")
    long interval_ms() default 100;   // interval.ms

    @AttributeDefinition(name = "Give up after", description = "How long to keep asking for an authorization while no payment service answers (ms).", min = "0")
    long give_up_ms() default 30_000;   // give.up.ms
}
