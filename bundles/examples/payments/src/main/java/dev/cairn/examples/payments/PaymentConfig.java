package dev.cairn.examples.payments;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn payment service example")
public @interface PaymentConfig {
    @AttributeDefinition(name = "Limit", description = "Orders above this amount (in cents) are declined; at least 0.", min = "0")
    long limit_cents() default 50_000;   // property key: limit.cents
}
